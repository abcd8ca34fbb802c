/**
 * config.json + checkpoint tensor list → ModelDescription (what the graph builder and the
 * converter need), checking that every tensor the family needs is there with the right shape.
 */
import { CodedError } from "../../../../contracts/src/index.ts";
import type { NormalizedConfig, RoledTensor, TensorInfo, WeightRole } from "../contracts.ts";
import type { ActivationKind, CanonicalWeight, FamilyDescriptor, ModelDescription } from "./descriptor.ts";
import { normalizeConfig } from "./config.ts";
import { resolveFamily } from "./registry.ts";

/** HF `hidden_act` / `activation_function` names → the function the graph computes. */
const ACTIVATIONS: Readonly<Record<string, ActivationKind>> = {
  gelu_new: "gelu_tanh",
  gelu_pytorch_tanh: "gelu_tanh",
  gelu_fast: "gelu_tanh",
  gelu: "gelu_erf",
  silu: "silu",
  swish: "silu",
  relu: "relu",
};

function activationOf(config: NormalizedConfig): ActivationKind {
  const kind = ACTIVATIONS[config.activation];
  if (!kind) {
    throw new CodedError("INCOMPATIBLE", `Activation function "${config.activation}" is not supported (supported: ${Object.keys(ACTIVATIONS).join(", ")}).`);
  }
  return kind;
}

/** Linear rope scaling divides positions by `factor`; other schemes change frequencies per band and are refused. */
function ropeLinearScale(raw: Readonly<Record<string, unknown>>): number {
  const scaling = raw.rope_scaling as Record<string, unknown> | null | undefined;
  if (scaling === null || scaling === undefined) return 1;
  const type = scaling.rope_type ?? scaling.type;
  if (type === "default") return 1;
  if (type === "linear" && typeof scaling.factor === "number" && scaling.factor > 0) return scaling.factor;
  throw new CodedError("INCOMPATIBLE", `rope_scaling of type "${String(type)}" is not supported (supported: none, "default", "linear").`);
}

const layerName = (template: string, layer: number) => template.replaceAll("{L}", String(layer));

class WeightCollector {
  readonly weights: CanonicalWeight[] = [];
  constructor(
    private readonly family: FamilyDescriptor,
    private readonly tensors: ReadonlyMap<string, TensorInfo>,
  ) {}

  /** The checkpoint's name for a module path (with or without the family's optional prefix). */
  private resolve(name: string): string {
    if (this.tensors.has(name)) return name;
    const prefix = this.family.optionalPrefix;
    if (prefix && name.startsWith(prefix) && this.tensors.has(name.slice(prefix.length))) return name.slice(prefix.length);
    throw new CodedError("BAD_USER_INPUT", `The checkpoint has no tensor "${name}", which a ${this.family.family} model needs.`, undefined, { tensor: name });
  }

  private checked(name: string, expected: readonly number[]): string {
    const actual = this.resolve(name);
    const found = this.tensors.get(actual)!.shape;
    if (found.length !== expected.length || found.some((d, i) => d !== expected[i])) {
      throw new CodedError(
        "BAD_USER_INPUT",
        `Tensor "${actual}" has shape [${found.join(", ")}], expected [${expected.join(", ")}] from config.json.`,
        undefined,
        { tensor: actual, expected, found },
      );
    }
    return actual;
  }

  /** A linear assembled from modules whose outputs are concatenated (row counts `outs`). */
  linear(key: string, role: WeightRole, modules: readonly string[], outs: readonly number[], inFeatures: number, bias: boolean, extra: Partial<CanonicalWeight> = {}): void {
    const layout = this.family.linearLayout;
    const sources = modules.map((m, i) => ({
      name: this.checked(`${m}.weight`, layout === "out_in" ? [outs[i]!, inFeatures] : [inFeatures, outs[i]!]),
      layout,
    }));
    const n = outs.reduce((a, b) => a + b, 0);
    this.weights.push({ key: `${key}.weight`, role, shape: [n, inFeatures], sources, ...extra });
    if (bias) this.vector(`${key}.bias`, "bias", modules.map((m) => `${m}.bias`), outs, extra);
  }

  vector(key: string, role: WeightRole, names: readonly string[], sizes: readonly number[], extra: Partial<CanonicalWeight> = {}): void {
    const sources = names.map((name, i) => ({ name: this.checked(name, [sizes[i]!]), layout: "vector" as const }));
    this.weights.push({ key, role, shape: [sizes.reduce((a, b) => a + b, 0)], sources, ...extra });
  }

  table(key: string, role: WeightRole, name: string, shape: readonly [number, number]): void {
    this.weights.push({ key, role, shape, sources: [{ name: this.checked(name, shape), layout: "out_in" }] });
  }

  norm(key: string, module: string, size: number, bias: boolean): void {
    this.vector(`${key}.weight`, "norm", [`${module}.weight`], [size]);
    if (bias) this.vector(`${key}.bias`, "norm", [`${module}.bias`], [size]);
  }
}

function collectWeights(family: FamilyDescriptor, config: NormalizedConfig, tensors: ReadonlyMap<string, TensorInfo>): CanonicalWeight[] {
  const { hiddenSize: h, numHeads, numKvHeads, headDim, intermediateSize, vocabSize } = config;
  const names = family.tensors;
  const biases = family.biases(config.raw);
  const c = new WeightCollector(family, tensors);
  c.table("embed_tokens", "embedding", `${names.embedding}.weight`, [vocabSize, h]);
  if (names.positionEmbedding) c.table("embed_positions", "position_embedding", `${names.positionEmbedding}.weight`, [config.maxPositions, h]);
  const qkvOuts = [numHeads * headDim, numKvHeads * headDim, numKvHeads * headDim];
  for (let layer = 0; layer < config.numLayers; layer++) {
    const at = (template: string) => layerName(template, layer);
    const p = `layers.${layer}`;
    c.norm(`${p}.attn_norm`, at(names.attnNorm), h, family.normBias);
    const qkv = names.qkv;
    if (qkv.kind === "separate") {
      c.linear(`${p}.attn.qkv`, "block_linear", [at(qkv.q), at(qkv.k), at(qkv.v)], qkvOuts, h, biases.qkv);
    } else {
      const interleaved = qkv.kind === "fused_head_interleaved" ? { headInterleaved: { numHeads, headDim } } : {};
      c.linear(`${p}.attn.qkv`, "block_linear", [at(qkv.module)], [qkvOuts.reduce((a, b) => a + b, 0)], h, biases.qkv, interleaved);
    }
    c.linear(`${p}.attn.o_proj`, "block_linear", [at(names.attnOut)], [h], numHeads * headDim, biases.attnOut);
    if (names.mlpNorm) c.norm(`${p}.mlp_norm`, at(names.mlpNorm), h, family.normBias);
    if (names.mlpGate) c.linear(`${p}.mlp.gate`, "block_linear", [at(names.mlpGate)], [intermediateSize], h, biases.mlp);
    c.linear(`${p}.mlp.up`, "block_linear", [at(names.mlpUp)], [intermediateSize], h, biases.mlp);
    c.linear(`${p}.mlp.down`, "block_linear", [at(names.mlpDown)], [h], intermediateSize, biases.mlp);
  }
  c.norm("final_norm", names.finalNorm, h, family.normBias);
  if (config.tiedEmbeddings) {
    // The head reads the embedding table again; the converter stores it in the head's own format.
    c.weights.push({ key: "lm_head.weight", role: "lm_head", shape: [vocabSize, h], sources: [{ name: c.weights[0]!.sources[0]!.name, layout: "out_in" }] });
  } else {
    c.linear("lm_head", "lm_head", [names.lmHead], [vocabSize], h, false);
  }
  if (biases.lmHead) c.vector("lm_head.bias", "bias", [`${names.lmHead}.bias`], [vocabSize]);
  return c.weights;
}

export function describeModel(configJson: unknown, tensors: readonly TensorInfo[]): ModelDescription {
  // The family first: an unsupported architecture is refused as such, whatever its config lacks.
  const family = resolveFamily(typeof configJson === "object" && configJson !== null ? (configJson as Readonly<Record<string, unknown>>) : {});
  const config = normalizeConfig(configJson);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const biases = family.biases(config.raw);
  const rotary = family.positions === "rotary";
  if (config.hiddenSize % config.numHeads !== 0 && config.raw.head_dim === undefined) {
    throw new CodedError("BAD_USER_INPUT", `hidden size ${config.hiddenSize} is not divisible by ${config.numHeads} heads.`);
  }
  if (config.numHeads % config.numKvHeads !== 0) {
    throw new CodedError("BAD_USER_INPUT", `${config.numHeads} attention heads cannot be grouped over ${config.numKvHeads} key/value heads.`);
  }
  return {
    family: family.family,
    numLayers: config.numLayers,
    hiddenSize: config.hiddenSize,
    vocabSize: config.vocabSize,
    norm: { kind: family.norm, epsilon: config.normEpsilon, bias: family.normBias },
    positions: family.positions,
    rotary: rotary ? { dim: config.rotaryDim!, theta: config.ropeTheta!, linearScale: ropeLinearScale(config.raw) } : null,
    parallelResidual: family.parallelResidual(config.raw),
    sharedNorm: family.tensors.mlpNorm === undefined,
    attention: {
      numHeads: config.numHeads,
      numKvHeads: config.numKvHeads,
      headDim: config.headDim,
      scales: Array.from({ length: config.numLayers }, (_, layer) =>
        family.attentionScale ? family.attentionScale(config.raw, layer, config.headDim) : 1 / Math.sqrt(config.headDim),
      ),
      slidingWindows: Array.from({ length: config.numLayers }, (_, layer) =>
        config.slidingWindow !== null && (family.slidingWindowLayer?.(config.raw, layer) ?? true) ? config.slidingWindow : null,
      ),
      qkvBias: biases.qkv,
      outBias: biases.attnOut,
    },
    mlp: { gated: family.tensors.mlpGate !== undefined, activation: activationOf(config), bias: biases.mlp, intermediateSize: config.intermediateSize },
    tiedEmbeddings: config.tiedEmbeddings,
    lmHeadBias: biases.lmHead,
    weights: collectWeights(family, config, byName),
  };
}

/**
 * Roles of a checkpoint's tensors (what each format does with them). Tensors the model does not
 * use (e.g. GPT-2's cached causal-mask buffers) are "other". Throws like describeModel.
 */
export function classifyTensors(configJson: unknown, tensors: readonly TensorInfo[]): RoledTensor[] {
  const description = describeModel(configJson, tensors);
  const roles = new Map<string, { role: RoledTensor["role"]; layout?: RoledTensor["layout"] }>();
  for (const weight of description.weights) {
    for (const source of weight.sources) {
      if (roles.has(source.name)) continue; // tied head: the table keeps its embedding role
      roles.set(source.name, { role: weight.role, ...(source.layout === "vector" || weight.role !== "block_linear" && weight.role !== "lm_head" ? {} : { layout: source.layout }) });
    }
  }
  return tensors.map((t) => ({ ...t, ...(roles.get(t.name) ?? { role: "other" as const }) }));
}
