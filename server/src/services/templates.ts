/** Extraction templates (seed FR-4A): save, update, delete, favorite, export/import. */
import { CodedError, HOOK_TYPES, type HookType, type LayerSelection } from "../../../contracts/src/index.ts";
import type { AppServices } from "../context.ts";
import type { ExtractionTemplate } from "../generated/prisma/client.ts";
import { parseLayerSelection } from "../lib/layer-selection.ts";
import { autoTemplateName, nextFreeName } from "../lib/template-names.ts";
import { validSettings, type SettingsInput } from "./extraction-settings.ts";

export interface TemplateInput extends SettingsInput {
  name?: string | null;
  description?: string | null;
  layerSelection: { explicit?: number[] | null; every?: number | null; lastPercent?: number | null } | null;
}

export const EXPORT_VERSION = 1;

async function takenNames(app: AppServices, exceptId?: string): Promise<Set<string>> {
  const rows = await app.db.extractionTemplate.findMany({ select: { name: true }, where: exceptId ? { id: { not: exceptId } } : {} });
  return new Set(rows.map((row) => row.name));
}

/** Validates a template; a missing name is generated, a taken one answered with a free suggestion. */
async function validTemplate(app: AppServices, input: TemplateInput, prefix: string, exceptId?: string, renameWhenTaken = false) {
  if (!input.layerSelection) throw new CodedError("BAD_USER_INPUT", "A template needs a layer selection.", `${prefix}.layerSelection`);
  const layerSelection: LayerSelection = parseLayerSelection(input.layerSelection, `${prefix}.layerSelection`);
  const settings = validSettings(input, prefix);
  const description = input.description?.trim() || null;
  if (description && description.length > 500) throw new CodedError("BAD_USER_INPUT", "A description has at most 500 characters.", `${prefix}.description`);
  const given = input.name?.trim();
  if (given !== undefined && given.length === 0 && input.name !== undefined && input.name !== null) {
    throw new CodedError("BAD_USER_INPUT", "A name has 1 to 255 characters.", `${prefix}.name`);
  }
  if (given && given.length > 255) throw new CodedError("BAD_USER_INPUT", "A name has 1 to 255 characters.", `${prefix}.name`);
  const taken = await takenNames(app, exceptId);
  let name = given || nextFreeName(autoTemplateName(settings.hookTypes, layerSelection, settings.maxSamples, new Date()), taken);
  if (taken.has(name)) {
    const suggestion = nextFreeName(name, taken);
    if (!renameWhenTaken) throw new CodedError("CONFLICT", `A template named "${name}" exists; "${suggestion}" is free.`, `${prefix}.name`, { suggestion });
    name = suggestion;
  }
  return { ...settings, name, description, layerSelection };
}

export const listTemplates = (app: AppServices) =>
  app.db.extractionTemplate.findMany({ orderBy: [{ isFavorite: "desc" }, { updatedAt: "desc" }, { name: "asc" }] });

export async function findTemplate(app: AppServices, id: string, field = "id"): Promise<ExtractionTemplate> {
  const template = /^[0-9a-f-]{36}$/i.test(id) ? await app.db.extractionTemplate.findUnique({ where: { id } }) : null;
  if (!template) throw new CodedError("NOT_FOUND", "No extraction template with this id.", field);
  return template;
}

export async function createTemplate(app: AppServices, input: TemplateInput): Promise<ExtractionTemplate> {
  const data = await validTemplate(app, input, "input");
  return app.db.extractionTemplate.create({ data });
}

export async function updateTemplate(app: AppServices, id: string, input: TemplateInput): Promise<ExtractionTemplate> {
  const existing = await findTemplate(app, id);
  const data = await validTemplate(app, { ...input, name: input.name ?? existing.name }, "input", id);
  return app.db.extractionTemplate.update({ where: { id }, data });
}

export async function deleteTemplate(app: AppServices, id: string): Promise<boolean> {
  await findTemplate(app, id);
  await app.db.extractionTemplate.delete({ where: { id } });
  return true;
}

export async function setFavorite(app: AppServices, id: string, isFavorite: boolean): Promise<ExtractionTemplate> {
  await findTemplate(app, id);
  return app.db.extractionTemplate.update({ where: { id }, data: { isFavorite } });
}

export async function exportTemplates(app: AppServices, ids: string[] | null | undefined) {
  const rows = await app.db.extractionTemplate.findMany({
    where: ids ? { id: { in: ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id)) } } : {},
    orderBy: [{ isFavorite: "desc" }, { updatedAt: "desc" }],
  });
  return {
    version: EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    templates: rows.map(({ name, description, layerSelection, hookTypes, maxSamples, batchSize, sequenceLength, topK, storageDType, isFavorite }) => ({
      name, description, layerSelection, hookTypes, maxSamples, batchSize, sequenceLength, topK, storageDType, isFavorite,
    })),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Imports every valid entry; invalid ones are skipped and reported. Taken names get `_2`, `_3`. */
export async function importTemplates(app: AppServices, document: unknown) {
  if (!isRecord(document) || document.version !== EXPORT_VERSION) {
    throw new CodedError("BAD_USER_INPUT", `Expected an export document with "version": ${EXPORT_VERSION}.`, "document.version");
  }
  if (!Array.isArray(document.templates)) throw new CodedError("BAD_USER_INPUT", 'Expected a "templates" array.', "document.templates");
  const imported: ExtractionTemplate[] = [];
  const skipped: Array<{ index: number; name: string | null; reason: string }> = [];
  for (const [index, entry] of document.templates.entries()) {
    const name = isRecord(entry) && typeof entry.name === "string" ? entry.name : null;
    try {
      if (!isRecord(entry)) throw new CodedError("BAD_USER_INPUT", "Entry is not an object.", `document.templates.${index}`);
      const data = await validTemplate(app, entryInput(entry), `document.templates.${index}`, undefined, true);
      imported.push(await app.db.extractionTemplate.create({ data: { ...data, isFavorite: entry.isFavorite === true } }));
    } catch (error) {
      if (!(error instanceof CodedError)) throw error;
      skipped.push({ index, name, reason: `${error.field ? `${error.field}: ` : ""}${error.message}` });
    }
  }
  return { imported, skipped };
}

function hookType(value: unknown): HookType {
  if ((HOOK_TYPES as readonly unknown[]).includes(value)) return value as HookType;
  throw new CodedError("BAD_USER_INPUT", `Unknown hook type ${JSON.stringify(value)}.`, "hookTypes");
}

/** Narrows one untyped JSON entry to a TemplateInput; wrong types become validation errors later. */
function entryInput(entry: Record<string, unknown>): TemplateInput {
  const num = (value: unknown) => (typeof value === "number" ? value : value === null || value === undefined ? null : Number.NaN);
  const selection = isRecord(entry.layerSelection) ? entry.layerSelection : null;
  return {
    name: typeof entry.name === "string" ? entry.name : null,
    description: typeof entry.description === "string" ? entry.description : null,
    layerSelection: selection && {
      explicit: Array.isArray(selection.explicit) ? selection.explicit.map((v) => num(v) ?? Number.NaN) : null,
      every: num(selection.every),
      lastPercent: num(selection.lastPercent),
    },
    hookTypes: Array.isArray(entry.hookTypes) ? entry.hookTypes.map(hookType) : null,
    maxSamples: num(entry.maxSamples),
    batchSize: num(entry.batchSize),
    sequenceLength: num(entry.sequenceLength),
    topK: num(entry.topK),
    storageDType: typeof entry.storageDType === "string" ? entry.storageDType : null,
  };
}
