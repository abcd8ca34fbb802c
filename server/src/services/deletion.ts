/**
 * Deleting models: the raw checkpoint, every quantized variant made from it, tokenizer files (they
 * live in the raw and variant folders), activation folders of the cascaded extractions, and rows.
 * A dry run computes the same report without touching anything.
 */
import { rm } from "node:fs/promises";
import { EXTRACTION_ACTIVE_STATUSES, MODEL_BUSY_STATUSES } from "../../../contracts/src/index.ts";
import type { AppServices } from "../context.ts";
import type { Model } from "../generated/prisma/client.ts";
import { pathSize } from "../lib/disk.ts";
import { findModel, publishModelEvent } from "./models.ts";

export interface DeletedModelReport {
  id: string;
  name: string;
  format: Model["format"];
  bytes: number;
  paths: string[];
  extractionCount: number;
}

export interface DeletionReport {
  dryRun: boolean;
  deleted: boolean;
  blocked: boolean;
  blockedReasons: string[];
  models: DeletedModelReport[];
  bytesFreed: number;
}

/** Absolute paths owned by one row; the report shows them relative to DATA_DIR. */
function ownedPaths(app: AppServices, model: Model, extractionIds: string[]): string[] {
  const paths = new Set([app.paths.quantizedModel(model.id, model.format), app.paths.quantizedModel(model.id, model.requestedFormat)]);
  if (!model.sourceModelId) paths.add(app.paths.rawModel(model.id));
  for (const id of extractionIds) paths.add(app.paths.activations(id));
  return [...paths];
}

async function blockers(app: AppServices, group: Model[]): Promise<string[]> {
  const reasons = group
    .filter((m) => MODEL_BUSY_STATUSES.includes(m.status))
    .map((m) => `${m.name} ${m.format} (${m.id}) is ${m.status}: a ${m.status === "DOWNLOADING" ? "download" : "conversion"} is using it.`);
  const running = await app.db.extraction.findMany({
    where: { modelId: { in: group.map((m) => m.id) }, status: { in: [...EXTRACTION_ACTIVE_STATUSES] } },
    select: { id: true, status: true, modelId: true },
  });
  for (const e of running) reasons.push(`Extraction ${e.id} (${e.status}) is using model ${e.modelId}.`);
  return reasons;
}

async function describe(app: AppServices, group: Model[]): Promise<DeletedModelReport[]> {
  const extractions = await app.db.extraction.findMany({ where: { modelId: { in: group.map((m) => m.id) } }, select: { id: true, modelId: true } });
  return Promise.all(
    group.map(async (model) => {
      const extractionIds = extractions.filter((e) => e.modelId === model.id).map((e) => e.id);
      const absolute = ownedPaths(app, model, extractionIds);
      const sizes = await Promise.all(absolute.map(pathSize));
      return {
        id: model.id,
        name: model.name,
        format: model.format,
        bytes: sizes.reduce((a, b) => a + b, 0),
        paths: absolute.map((p) => p.slice(app.config.dataDir.length + 1)),
        extractionCount: extractionIds.length,
      };
    }),
  );
}

async function removeGroup(app: AppServices, group: Model[], report: DeletedModelReport[]): Promise<void> {
  const variants = group.filter((m) => m.sourceModelId).map((m) => m.id);
  const sources = group.filter((m) => !m.sourceModelId).map((m) => m.id);
  // Rows first, in one transaction (variants before their source: the relation is RESTRICT), so
  // no client sees a model whose files are half gone; then the files.
  await app.db.$transaction([app.db.model.deleteMany({ where: { id: { in: variants } } }), app.db.model.deleteMany({ where: { id: { in: sources } } })]);
  for (const entry of report) {
    await Promise.all(entry.paths.map((p) => rm(`${app.config.dataDir}/${p}`, { recursive: true, force: true })));
    publishModelEvent(app, "DELETED", entry.id);
    app.log.info({ modelId: entry.id, operation: "deleteModel", bytesFreed: entry.bytes }, "model deleted");
  }
}

const total = (models: DeletedModelReport[]) => models.reduce((sum, m) => sum + m.bytes, 0);

export async function deleteModel(app: AppServices, id: string, dryRun: boolean): Promise<DeletionReport> {
  const model = await findModel(app, id);
  const group = model.sourceModelId ? [model] : [model, ...(await app.db.model.findMany({ where: { sourceModelId: model.id } }))];
  const [blockedReasons, models] = await Promise.all([blockers(app, group), describe(app, group)]);
  const blocked = blockedReasons.length > 0;
  if (!dryRun && !blocked) await removeGroup(app, group, models);
  return { dryRun, deleted: !dryRun && !blocked, blocked, blockedReasons, models, bytesFreed: dryRun || blocked ? 0 : total(models) };
}

/** Every model no extraction references; a source goes only together with all of its variants. */
export async function deleteUnusedModels(app: AppServices, dryRun: boolean): Promise<DeletionReport> {
  const all = await app.db.model.findMany({ include: { _count: { select: { extractions: true } } }, orderBy: { createdAt: "asc" } });
  const unused = new Set(all.filter((m) => m._count.extractions === 0).map((m) => m.id));
  const variantsOf = (source: Model) => all.filter((v) => v.sourceModelId === source.id);
  const candidates = all.filter((m) => unused.has(m.id) && (m.sourceModelId !== null || variantsOf(m).every((v) => unused.has(v.id))));
  const blockedReasons: string[] = [];
  const deletable: Model[] = [];
  for (const model of candidates) {
    const reasons = await blockers(app, [model]);
    if (reasons.length) blockedReasons.push(...reasons);
    else deletable.push(model);
  }
  const blockedIds = new Set(candidates.filter((m) => !deletable.includes(m)).map((m) => m.id));
  // A source whose variant is blocked must stay (the variant points at its raw checkpoint).
  const final = deletable.filter((m) => m.sourceModelId || !candidates.some((v) => v.sourceModelId === m.id && blockedIds.has(v.id)));
  const models = await describe(app, final);
  if (!dryRun && final.length) await removeGroup(app, final, models);
  return { dryRun, deleted: !dryRun && final.length > 0, blocked: blockedReasons.length > 0, blockedReasons, models, bytesFreed: dryRun ? 0 : total(models) };
}
