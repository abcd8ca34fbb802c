/** Builders for the API objects component tests push through the fake Api. */
import type {
  ArchitectureFieldsFragment,
  DatasetItemFragment,
  DeletionReportFieldsFragment,
  ExtractionItemFragment,
  ModelItemFragment,
  ModelPlanQuery,
  TemplateFieldsFragment,
} from "../gql/graphql.ts";

let clock = Date.parse("2026-11-20T10:00:00Z");
const nextDate = () => new Date((clock += 60_000)).toISOString();

export function aModel(overrides: Partial<ModelItemFragment> = {}): ModelItemFragment {
  const id = overrides.id ?? `m${Math.random().toString(36).slice(2, 8)}`;
  return {
    id,
    repoId: `HuggingFaceTB/${overrides.name ?? "SmolLM-135M"}`,
    name: "SmolLM-135M",
    revision: "0123456789abcdef0123456789abcdef01234567",
    format: "Q4",
    requestedFormat: "Q4",
    fallbackReason: null,
    status: "READY",
    statusMessage: null,
    errorCode: null,
    architectureName: "llama",
    parameterCount: 134_515_008,
    diskBytes: 350 * 1024 ** 2,
    estimatedMemoryBytes: 210 * 1024 ** 2,
    measuredMemoryBytes: null,
    extractionCount: 0,
    createdAt: nextDate(),
    updatedAt: nextDate(),
    sourceModel: null,
    progress: null,
    ...overrides,
  };
}

export function aPlan(overrides: Partial<ModelPlanQuery["modelPlan"]> = {}): ModelPlanQuery["modelPlan"] {
  const format = (f: "FP32" | "FP16" | "Q8" | "Q4" | "Q2", disk: number, mem: number, fit: "GREEN" | "YELLOW" | "RED", recommended = false) => ({
    format: f,
    diskBytes: disk,
    memoryBytes: mem,
    bitsPerWeight: { FP32: 32, FP16: 16, Q8: 9, Q4: 5, Q2: 3 }[f],
    breakdown: {
      blockLinearBytes: disk * 0.6,
      lmHeadBytes: disk * 0.1,
      embeddingBytes: disk * 0.25,
      otherBytes: disk * 0.05,
      runtimeWeightBytes: mem - 64 * 1024 ** 2,
      runtimeOverheadBytes: 64 * 1024 ** 2,
    },
    fit,
    recommended,
  });
  return {
    repoId: "HuggingFaceTB/SmolLM-135M",
    revision: "abcdef1234567890abcdef1234567890abcdef12",
    architecture: "llama",
    supported: true,
    unsupportedReason: null,
    downloadBytes: 269 * 1024 ** 2,
    parameterCount: 134_515_008,
    deviceBudgetBytes: 8 * 1024 ** 3,
    freeDiskBytes: 40 * 1024 ** 3,
    requiredDiskBytes: 400 * 1024 ** 2,
    warnings: [],
    formats: [
      format("FP32", 540e6, 600e6, "GREEN"),
      format("FP16", 270e6, 600e6, "GREEN"),
      format("Q8", 160e6, 300e6, "GREEN"),
      format("Q4", 110e6, 220e6, "GREEN", true),
      format("Q2", 90e6, 180e6, "YELLOW"),
    ],
    ...overrides,
  };
}

export function anArchitecture(overrides: Partial<ArchitectureFieldsFragment> = {}): ArchitectureFieldsFragment {
  const numLayers = overrides.numLayers ?? 4;
  return {
    modelType: "llama",
    architectures: ["LlamaForCausalLM"],
    supported: true,
    numLayers,
    hiddenSize: 576,
    numHeads: 9,
    numKvHeads: 3,
    headDim: 64,
    intermediateSize: 1536,
    vocabSize: 49152,
    maxPositions: 2048,
    activation: "silu",
    normType: "rmsnorm",
    parameterCount: 134_515_008,
    tiedEmbeddings: true,
    layers: [
      { index: 0, kind: "Embedding", name: "embed_tokens", parameterCount: 28_311_552, attention: null, mlp: null },
      ...Array.from({ length: numLayers }, (_, i) => ({
        index: i + 1,
        kind: "TransformerBlock",
        name: `layers.${i}`,
        parameterCount: 3_540_096,
        attention: "9 heads × 64 (3 kv heads)",
        mlp: "576 → 1536 → 576 (SwiGLU)",
      })),
      { index: numLayers + 1, kind: "FinalNorm", name: "norm", parameterCount: 576, attention: null, mlp: null },
    ],
    config: { model_type: "llama", hidden_size: 576, num_hidden_layers: numLayers },
    ...overrides,
  };
}

export function aDataset(overrides: Partial<DatasetItemFragment> = {}): DatasetItemFragment {
  return {
    id: `d${Math.random().toString(36).slice(2, 8)}`,
    name: "tiny-stories",
    source: "upload",
    repoId: null,
    textField: "text",
    status: "READY",
    statusMessage: null,
    sampleCount: 200,
    bytes: 48_000,
    preview: ["Once upon a time", "There was a cat"],
    createdAt: nextDate(),
    ...overrides,
  };
}

export function aTemplate(overrides: Partial<TemplateFieldsFragment> = {}): TemplateFieldsFragment {
  return {
    id: `t${Math.random().toString(36).slice(2, 8)}`,
    name: "residual_layers0-3_100samples_1015",
    description: null,
    layerSelection: { explicit: [0, 1, 2, 3] },
    hookTypes: ["RESIDUAL"],
    maxSamples: 100,
    batchSize: 8,
    sequenceLength: 64,
    topK: 100,
    storageDType: "float32",
    isFavorite: false,
    createdAt: nextDate(),
    updatedAt: nextDate(),
    ...overrides,
  };
}

export function anExtraction(overrides: Partial<ExtractionItemFragment> = {}): ExtractionItemFragment {
  return {
    id: `e${Math.random().toString(36).slice(2, 8)}`,
    status: "QUEUED",
    statusMessage: null,
    errorCode: null,
    layers: [0, 1],
    hookTypes: ["RESIDUAL"],
    maxSamples: 10,
    batchSize: 8,
    sequenceLength: 64,
    topK: 100,
    storageDType: "float32",
    outputPath: null,
    statistics: null,
    metrics: null,
    createdAt: nextDate(),
    completedAt: null,
    model: { id: "m1", name: "SmolLM-135M", format: "Q4" },
    dataset: { id: "d1", name: "tiny-stories" },
    files: [],
    progress: null,
    ...overrides,
  };
}

export function aDeletionReport(overrides: Partial<DeletionReportFieldsFragment> = {}): DeletionReportFieldsFragment {
  return {
    dryRun: true,
    deleted: false,
    blocked: false,
    blockedReasons: [],
    bytesFreed: 0, // the server reports bytes freed only once deleted
    models: [{ id: "m1", name: "SmolLM-135M", format: "Q4", bytes: 350 * 1024 ** 2, paths: ["models/raw/m1"], extractionCount: 2 }],
    ...overrides,
  };
}
