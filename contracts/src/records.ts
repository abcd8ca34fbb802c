/**
 * Shapes of the JSONB columns that workers write and the API reads (prisma/schema.prisma). One
 * definition here, so a worker and the GraphQL types cannot disagree about a field's meaning.
 */
import type { HookType } from "./hooks.ts";
import type { QuantizationFormat } from "./formats.ts";

export interface ArchitectureLayerRecord {
  index: number;
  /** Embedding | TransformerBlock | FinalNorm | OutputHead */
  kind: string;
  name: string;
  parameterCount: number;
  /** e.g. "32 heads × 64 (4 kv heads)" */
  attention: string | null;
  /** e.g. "2048 → 5632 → 2048 (SwiGLU)" */
  mlp: string | null;
}

/** Model.architecture: the normalized config.json plus a per-layer summary. */
export interface ArchitectureRecord {
  modelType: string;
  architectures: string[];
  supported: boolean;
  numLayers: number;
  hiddenSize: number;
  numHeads: number;
  numKvHeads: number;
  headDim: number;
  intermediateSize: number;
  vocabSize: number;
  maxPositions: number;
  activation: string;
  /** layernorm | rmsnorm */
  normType: string;
  normEpsilon: number;
  ropeTheta: number | null;
  rotaryDim: number | null;
  parallelResidual: boolean;
  tiedEmbeddings: boolean;
  parameterCount: number;
  layers: ArchitectureLayerRecord[];
  /** config.json as downloaded. */
  config: Record<string, unknown>;
}

/** Model.fidelity: tap-by-tap error of a quantized variant against FP32 on probe tokens. */
export interface FidelityRecord {
  probeTokens: number;
  entries: Array<{ layer: number; hook: HookType; relativeError: number; cosineSimilarity: number; maxAbsError: number }>;
}

/** Extraction.files: one entry per .npy written under activations/extraction_{id}/. */
export interface ExtractionFileRecord {
  name: string;
  shape: number[];
  dtype: string;
  bytes: number;
  sha256: string | null;
}

/** How a template or a request picks layers; resolved against a model's depth (see layer-selection). */
export type LayerSelection = { explicit: number[] } | { every: number } | { lastPercent: number };

/** What each format of a Hub repo would cost (the `modelPlan` query). */
export interface ModelPlanRecord {
  repoId: string;
  revision: string;
  architecture: string | null;
  supported: boolean;
  unsupportedReason: string | null;
  files: Array<{ path: string; size: number; sha256: string | null }>;
  downloadBytes: number;
  parameterCount: number;
  parametersByDType: Record<string, number>;
  formats: Array<{
    format: QuantizationFormat;
    diskBytes: number;
    memoryBytes: number;
    bitsPerWeight: number;
    breakdown: Record<string, unknown>;
    fit: "GREEN" | "YELLOW" | "RED";
    recommended: boolean;
  }>;
  deviceBudgetBytes: number;
  freeDiskBytes: number;
  requiredDiskBytes: number;
  warnings: string[];
}
