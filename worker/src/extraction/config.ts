/**
 * Validation of a resolved extraction configuration against the model it will run on. Shared by
 * the plan (API, before anything is queued) and the run (worker, in case the model changed).
 */
import { CodedError, HOOK_TYPES, type ResolvedExtractionConfig } from "../../../contracts/src/index.ts";

export const MAX_BATCH_SIZE = 512;

/** What the checks need to know about the model. */
export interface ModelLimits {
  readonly numLayers: number;
  /** Longest context the model was trained for (config max_position_embeddings). */
  readonly maxPositions: number;
}

const bad = (message: string, field: string) => new CodedError("BAD_USER_INPUT", message, `input.${field}`);

/** Returns the config with layers sorted and deduplicated and hooks in table order; throws on any invalid field. */
export function validateExtractionConfig(config: ResolvedExtractionConfig, model: ModelLimits): ResolvedExtractionConfig {
  if (config.layers.length === 0) throw bad("Choose at least one layer.", "layers");
  const wrongLayer = config.layers.find((l) => !Number.isInteger(l) || l < 0 || l >= model.numLayers);
  if (wrongLayer !== undefined) {
    throw bad(`Layer ${wrongLayer} does not exist: this model has layers 0..${model.numLayers - 1}.`, "layers");
  }
  if (config.hooks.length === 0) throw bad("Choose at least one hook type (RESIDUAL, MLP, ATTENTION).", "hookTypes");
  const wrongHook = config.hooks.find((h) => !HOOK_TYPES.includes(h));
  if (wrongHook !== undefined) throw bad(`Unknown hook type "${String(wrongHook)}".`, "hookTypes");
  const b = config.batchSize;
  if (!Number.isInteger(b) || b < 1 || b > MAX_BATCH_SIZE || (b & (b - 1)) !== 0) {
    throw bad(`Batch size ${b} must be a power of 2 between 1 and ${MAX_BATCH_SIZE}.`, "batchSize");
  }
  const s = config.sequenceLength;
  if (!Number.isInteger(s) || s < 1 || s > model.maxPositions) {
    throw bad(`Sequence length ${s} must be between 1 and the model's context of ${model.maxPositions} tokens.`, "sequenceLength");
  }
  if (config.maxSamples !== null && (!Number.isInteger(config.maxSamples) || config.maxSamples < 1)) {
    throw bad(`Max samples ${config.maxSamples} must be a positive whole number (or unset for all).`, "maxSamples");
  }
  if (!Number.isInteger(config.topK) || config.topK < 0 || config.topK > 10_000) {
    throw bad(`Top-k ${config.topK} must be between 0 and 10000.`, "topK");
  }
  if (config.storageDType !== "float32" && config.storageDType !== "float16") {
    throw bad(`Storage dtype "${String(config.storageDType)}" must be float32 or float16.`, "storageDType");
  }
  return {
    ...config,
    layers: [...new Set(config.layers)].sort((a, b) => a - b),
    hooks: HOOK_TYPES.filter((h) => config.hooks.includes(h)),
  };
}
