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

/** What each format of a Hub repo would cost (the `modelPlan` query; worker/src/hub `ModelPlan` fits it). */
export interface ModelPlanRecord {
  readonly repoId: string;
  readonly revision: string;
  readonly architecture: string | null;
  readonly supported: boolean;
  readonly unsupportedReason: string | null;
  readonly files: ReadonlyArray<{ readonly path: string; readonly size: number; readonly sha256: string | null }>;
  readonly downloadBytes: number;
  readonly parameterCount: number;
  readonly parametersByDType: Readonly<Record<string, number>>;
  readonly formats: ReadonlyArray<{
    readonly format: QuantizationFormat;
    readonly diskBytes: number;
    readonly memoryBytes: number;
    readonly bitsPerWeight: number;
    readonly breakdown: Readonly<Record<string, unknown>>;
    readonly fit: "GREEN" | "YELLOW" | "RED";
    readonly recommended: boolean;
  }>;
  readonly deviceBudgetBytes: number;
  readonly freeDiskBytes: number;
  readonly requiredDiskBytes: number;
  readonly warnings: readonly string[];
}
