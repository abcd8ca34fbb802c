/**
 * The architecture summary stored as Model.architecture (contracts/src/records.ts): the
 * normalised config, the exact parameter count from the checkpoint's tensors, and a
 * layer-by-layer breakdown. Plain JSON, computed once at download time.
 *
 * Reuses the architectures/ normaliser, registry and tensor roles; a model whose family the
 * converter does not support is still inspected (supported: false), its tensors grouped by layer
 * index only.
 */
import type { ArchitectureLayerRecord, ArchitectureRecord } from "../../../../contracts/src/records.ts";
import { isCodedError } from "../../../../contracts/src/errors.ts";
import { classifyTensors, describeModel, findFamily, normalizeConfig } from "../architectures/index.ts";
import type { NormalizedConfig, RoledTensor, TensorInfo } from "../contracts.ts";

/** The first `.N.` path segment is the block index (model.layers.3.…, transformer.h.3.…, gpt_neox.layers.3.…). */
const LAYER_INDEX = /\.(\d+)\./;

const elements = (t: Pick<TensorInfo, "shape">) => t.shape.reduce((product, dim) => product * dim, 1);
const layerOf = (name: string): number | undefined => {
  const match = LAYER_INDEX.exec(name);
  return match ? Number(match[1]) : undefined;
};

export function inspectArchitecture(configJson: unknown, tensors: readonly TensorInfo[]): ArchitectureRecord {
  const config = normalizeConfig(configJson);
  const supported = ifSupported(() => ({ roled: classifyTensors(configJson, tensors), gated: describeModel(configJson, tensors).mlp.gated }));
  const roled = supported?.roled;
  // Tensors the model never reads (role "other", e.g. GPT-2's cached causal-mask buffers) are not parameters.
  const counted = roled ? roled.filter((t) => t.role !== "other") : tensors;
  const blocks = blockEntries(config, counted, supported?.gated);
  const layers = [...(roled ? [embeddingEntry(roled)] : []), ...blocks, ...(roled ? headEntries(roled, config.tiedEmbeddings) : [otherEntry(counted, config)])].map(
    (entry, index) => ({ index, ...entry }),
  );
  const family = findFamily(config.raw);
  return {
    modelType: config.modelType,
    architectures: [...config.architectures],
    supported: roled !== undefined,
    numLayers: config.numLayers,
    hiddenSize: config.hiddenSize,
    numHeads: config.numHeads,
    numKvHeads: config.numKvHeads,
    headDim: config.headDim,
    intermediateSize: config.intermediateSize,
    vocabSize: config.vocabSize,
    maxPositions: config.maxPositions,
    activation: config.activation,
    normType: family?.norm ?? (config.raw.rms_norm_eps !== undefined ? "rmsnorm" : "layernorm"),
    normEpsilon: config.normEpsilon,
    ropeTheta: config.ropeTheta,
    rotaryDim: config.rotaryDim,
    parallelResidual: family ? family.parallelResidual(config.raw) : config.raw.use_parallel_residual === true,
    tiedEmbeddings: config.tiedEmbeddings,
    parameterCount: counted.reduce((sum, t) => sum + elements(t), 0),
    layers,
    config: structuredClone(config.raw) as Record<string, unknown>,
  };
}

/** `describe()` when the converter supports this model; undefined when it is INCOMPATIBLE (viewable only). Other errors propagate. */
function ifSupported<T>(describe: () => T): T | undefined {
  try {
    return describe();
  } catch (error) {
    if (isCodedError(error) && error.code === "INCOMPATIBLE") return undefined;
    throw error;
  }
}

type Entry = Omit<ArchitectureLayerRecord, "index">;

const inBlock = (name: string, config: NormalizedConfig) => {
  const layer = layerOf(name);
  return layer !== undefined && layer < config.numLayers ? layer : undefined;
};

/** `gated` is undefined when the family is unknown (the summary then names the activation only). */
function blockEntries(config: NormalizedConfig, tensors: readonly Pick<TensorInfo, "name" | "shape">[], gated: boolean | undefined): Entry[] {
  const perLayer = new Array<number>(config.numLayers).fill(0);
  for (const t of tensors) {
    const layer = inBlock(t.name, config);
    if (layer !== undefined) perLayer[layer] += elements(t);
  }
  const kvHeads = config.numKvHeads !== config.numHeads ? ` (${config.numKvHeads} kv heads)` : "";
  const attention = `${config.numHeads} heads × ${config.headDim}${kvHeads}`;
  const mlp = `${config.hiddenSize} → ${config.intermediateSize} → ${config.hiddenSize} (${mlpKind(config.activation, gated ?? false)})`;
  return perLayer.map((parameterCount, layer) => ({ kind: "TransformerBlock", name: `TransformerBlock_${layer}`, parameterCount, attention, mlp }));
}

function mlpKind(activation: string, gated: boolean): string {
  if (!gated) return activation;
  if (activation === "silu" || activation === "swish") return "SwiGLU";
  return activation.startsWith("gelu") ? "GeGLU" : `gated ${activation}`;
}

const sumOf = <T extends Pick<TensorInfo, "name" | "shape">>(tensors: readonly T[], keep: (t: T) => boolean) =>
  tensors.reduce((sum, t) => sum + (keep(t) ? elements(t) : 0), 0);

function embeddingEntry(roled: readonly RoledTensor[]): Entry {
  const parameterCount = sumOf(roled, (t) => t.role === "embedding" || t.role === "position_embedding");
  return { kind: "Embedding", name: "Embedding", parameterCount, attention: null, mlp: null };
}

function headEntries(roled: readonly RoledTensor[], tied: boolean): Entry[] {
  const outsideBlocks = (t: RoledTensor) => layerOf(t.name) === undefined;
  const finalNorm = sumOf(roled, (t) => t.role === "norm" && outsideBlocks(t));
  // Outside the blocks, only the LM head has a bias (phi).
  const head = sumOf(roled, (t) => t.role === "lm_head" || (t.role === "bias" && outsideBlocks(t)));
  return [
    { kind: "FinalNorm", name: "FinalNorm", parameterCount: finalNorm, attention: null, mlp: null },
    { kind: "OutputHead", name: tied ? "OutputHead (tied to Embedding)" : "OutputHead", parameterCount: head, attention: null, mlp: null },
  ];
}

/** Unsupported families: everything outside the numbered blocks, in one entry. */
function otherEntry(tensors: readonly Pick<TensorInfo, "name" | "shape">[], config: NormalizedConfig): Entry {
  const parameterCount = sumOf(tensors, (t) => inBlock(t.name, config) === undefined);
  return { kind: "Other", name: "Embeddings, final norm and head", parameterCount, attention: null, mlp: null };
}

export interface ArchitectureDifference {
  readonly field: keyof ArchitectureRecord;
  readonly a: string | number | boolean | null;
  readonly b: string | number | boolean | null;
}

/** The scalar fields a researcher compares across models (the layer table and raw config are shown side by side instead). */
const COMPARED_FIELDS = [
  "modelType", "supported", "numLayers", "hiddenSize", "numHeads", "numKvHeads", "headDim", "intermediateSize", "vocabSize", "maxPositions",
  "activation", "normType", "normEpsilon", "ropeTheta", "rotaryDim", "parallelResidual", "tiedEmbeddings", "parameterCount",
] as const satisfies ReadonlyArray<keyof ArchitectureRecord>;

/**
 * The fields where two architectures differ, in a fixed order; empty when they agree. A missing
 * record (a model not inspected yet) reads as null in every field.
 */
export function compareArchitectures(a: ArchitectureRecord | null, b: ArchitectureRecord | null): ArchitectureDifference[] {
  const rows = COMPARED_FIELDS.map((field) => ({ field, a: a?.[field] ?? null, b: b?.[field] ?? null }));
  return rows.filter((row) => row.a !== row.b);
}
