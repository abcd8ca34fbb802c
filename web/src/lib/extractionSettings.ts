/** Extraction settings as the modal edits them, their validation, and the template mapping. */
import { HOOKS } from "../../../contracts/src/hooks.ts";
import type { ExtractionInput, ExtractionTemplateInput, HookType, TemplateFieldsFragment } from "../gql/graphql.ts";

export interface ExtractionSettings {
  layers: number[];
  hookTypes: HookType[];
  batchSize: number;
  /** null: every sample of the dataset. */
  maxSamples: number | null;
  sequenceLength: number;
  topK: number;
  storageDType: "float32" | "float16";
}

export const BATCH_SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

export const defaultSettings = (numLayers: number): ExtractionSettings => ({
  layers: numLayers > 0 ? [numLayers - 1] : [],
  hookTypes: ["RESIDUAL"],
  batchSize: 32,
  maxSamples: null,
  sequenceLength: 128,
  topK: 100,
  storageDType: "float32",
});

/** The messages shown under the form; an empty list means Start is allowed. */
export function validateSettings(s: ExtractionSettings, limits: { numLayers: number; maxPositions: number }, datasetId: string): string[] {
  const problems: string[] = [];
  if (!datasetId) problems.push("Choose a ready dataset.");
  if (s.layers.length === 0) problems.push("Select at least one layer.");
  if (s.layers.some((l) => l < 0 || l >= limits.numLayers)) problems.push(`Layers must be between 0 and ${limits.numLayers - 1}.`);
  if (s.hookTypes.length === 0) problems.push("Select at least one hook type.");
  if (!BATCH_SIZES.includes(s.batchSize)) problems.push("Batch size must be a power of 2 from 1 to 512.");
  if (!Number.isInteger(s.sequenceLength) || s.sequenceLength < 1 || s.sequenceLength > limits.maxPositions)
    problems.push(`Sequence length must be between 1 and the model's context (${limits.maxPositions}).`);
  if (!Number.isInteger(s.topK) || s.topK < 10 || s.topK > 1000) problems.push("Top-k must be between 10 and 1000.");
  if (s.maxSamples !== null && (!Number.isInteger(s.maxSamples) || s.maxSamples < 1)) problems.push("Max samples must be a positive whole number, or empty for all.");
  return problems;
}

export const toExtractionInput = (s: ExtractionSettings, modelId: string, datasetId: string): ExtractionInput => ({
  modelId,
  datasetId,
  layers: [...s.layers].sort((a, b) => a - b),
  hookTypes: s.hookTypes,
  batchSize: s.batchSize,
  maxSamples: s.maxSamples,
  sequenceLength: s.sequenceLength,
  topK: s.topK,
  storageDType: s.storageDType,
});

const pad2 = (n: number) => String(n).padStart(2, "0");

/** The server's naming rule: `{hook}_layers{min}-{max}_{N}samples_{HHMM}` (one layer: `{hook}_layer{N}_…`). */
export function autoTemplateName(s: ExtractionSettings, now: Date): string {
  const hooks = s.hookTypes.map((h) => HOOKS[h].file).join("+") || "none";
  const sorted = [...s.layers].sort((a, b) => a - b);
  const layers = sorted.length === 1 ? `layer${sorted[0]}` : `layers${sorted[0] ?? 0}-${sorted[sorted.length - 1] ?? 0}`;
  return `${hooks}_${layers}_${s.maxSamples ?? "all"}samples_${pad2(now.getHours())}${pad2(now.getMinutes())}`;
}

export const toTemplateInput = (s: ExtractionSettings, name: string, description: string): ExtractionTemplateInput => ({
  name: name.trim() || null,
  description: description.trim() || null,
  layerSelection: { explicit: [...s.layers].sort((a, b) => a - b) },
  hookTypes: s.hookTypes,
  batchSize: s.batchSize,
  maxSamples: s.maxSamples,
  sequenceLength: s.sequenceLength,
  topK: s.topK,
  storageDType: s.storageDType,
});

type LayerSelection = { explicit?: number[] | null; every?: number | null; lastPercent?: number | null };

/** Resolves a template's layer selection (explicit, every Nth, last N %) against this model's depth. */
export function resolveLayers(selection: unknown, numLayers: number): number[] {
  const sel = (selection ?? {}) as LayerSelection;
  const all = Array.from({ length: numLayers }, (_, i) => i);
  if (sel.explicit) return sel.explicit.filter((l) => l >= 0 && l < numLayers);
  if (sel.every) return all.filter((l) => l % sel.every! === 0);
  if (sel.lastPercent) return all.slice(numLayers - Math.max(1, Math.ceil((numLayers * sel.lastPercent) / 100)));
  return [];
}

export const fromTemplate = (t: TemplateFieldsFragment, numLayers: number): ExtractionSettings => ({
  layers: resolveLayers(t.layerSelection, numLayers),
  hookTypes: [...t.hookTypes],
  batchSize: t.batchSize,
  maxSamples: t.maxSamples ?? null,
  sequenceLength: t.sequenceLength,
  topK: t.topK,
  storageDType: t.storageDType === "float16" ? "float16" : "float32",
});
