/**
 * One decoder graph builder for every family: embeddings → blocks (sequential or parallel
 * residual) → optional final norm and LM head, with TransformerLens-named tap outputs. Everything
 * that differs between families arrives as settings in the ModelDescription.
 */
import { tapName, type HookType } from "../../../../contracts/src/index.ts";
import type { ModelDescription } from "../architectures/descriptor.ts";
import type { TapGraphRequest } from "../contracts.ts";
import { DataType, type ModelProto, type ValueInfoProto } from "../onnx/model.ts";
import { makeAttention, makeAttentionBias, makePositionIds, makeRotaryTables, type AttentionContext } from "./attention.ts";
import { GraphBuilder, MS_DOMAIN, float, int } from "./builder.ts";
import { WeightTable, type StoredWeight } from "./weights.ts";

export const OPSET = 17;
const IR_VERSION = 8;

/**
 *   layernorm: LayerNormalization(x, w, b)
 *   rmsnorm:   SimplifiedLayerNormalization(x, w)   (default domain: ORT.md, the com.microsoft one does not load)
 */
function makeNorm(g: GraphBuilder, weights: WeightTable, d: ModelDescription, x: string, key: string, path: string): string {
  const inputs = [x, weights.denseFloat32(g, `${key}.weight`, `${path}/weight`)];
  if (d.norm.bias) inputs.push(weights.denseFloat32(g, `${key}.bias`, `${path}/bias`));
  const op = d.norm.kind === "layernorm" ? "LayerNormalization" : "SimplifiedLayerNormalization";
  return g.node(`${path}/${op}`, op, inputs, { attributes: { axis: int(-1), epsilon: float(d.norm.epsilon) } });
}

function makeActivation(g: GraphBuilder, d: ModelDescription, x: string, path: string): string {
  switch (d.mlp.activation) {
    case "gelu_tanh":
      return g.node(`${path}/FastGelu`, "FastGelu", [x], { domain: MS_DOMAIN });
    case "gelu_erf":
      return g.node(`${path}/Gelu`, "Gelu", [x], { domain: MS_DOMAIN });
    case "silu":
      return g.node(`${path}/Mul`, "Mul", [x, g.node(`${path}/Sigmoid`, "Sigmoid", [x])]);
    case "relu":
      return g.node(`${path}/Relu`, "Relu", [x]);
  }
}

/**
 *   gated: x ─┬ gate ─ act ─┐
 *             └ up ─────────┴ Mul ─ down   = hook_mlp_out
 *   plain: x ─ up ─ act ─ down             = hook_mlp_out
 */
function makeMlp(g: GraphBuilder, weights: WeightTable, d: ModelDescription, layer: number, x: string): string {
  const p = `/model/layers.${layer}/mlp`;
  const key = `layers.${layer}.mlp`;
  const up = weights.linear(g, x, `${key}.up`, `${p}/up_proj`);
  const hidden = d.mlp.gated
    ? g.node(`${p}/gate_mul`, "Mul", [makeActivation(g, d, weights.linear(g, x, `${key}.gate`, `${p}/gate_proj`), `${p}/act`), up])
    : makeActivation(g, d, up, `${p}/act`);
  return weights.linear(g, hidden, `${key}.down`, `${p}/down_proj`);
}

interface BlockOutputs {
  readonly attention: string;
  readonly mlp: string;
  readonly residual: string;
}

/**
 *   sequential: h = x + attn(norm1(x));  out = h + mlp(norm2(h))
 *   parallel:   out = x + attn(norm1(x)) + mlp(norm2(x))      (phi: norm2 = norm1, one LayerNorm)
 */
function makeBlock(g: GraphBuilder, weights: WeightTable, d: ModelDescription, layer: number, x: string, ctx: AttentionContext): BlockOutputs {
  const p = `/model/layers.${layer}`;
  const key = `layers.${layer}`;
  const attnIn = makeNorm(g, weights, d, x, `${key}.attn_norm`, `${p}/attn_norm`);
  const attention = makeAttention(g, weights, d, layer, attnIn, ctx);
  if (d.parallelResidual) {
    const mlpIn = d.sharedNorm ? attnIn : makeNorm(g, weights, d, x, `${key}.mlp_norm`, `${p}/mlp_norm`);
    const mlp = makeMlp(g, weights, d, layer, mlpIn);
    const branches = g.node(`${p}/branches_add`, "Add", [mlp, attention]);
    return { attention, mlp, residual: g.node(`${p}/residual_add`, "Add", [branches, x]) };
  }
  const mid = g.node(`${p}/attn_residual_add`, "Add", [x, attention]);
  const mlp = makeMlp(g, weights, d, layer, makeNorm(g, weights, d, mid, `${key}.mlp_norm`, `${p}/mlp_norm`));
  return { attention, mlp, residual: g.node(`${p}/mlp_residual_add`, "Add", [mid, mlp]) };
}

/** Token (+ learned position) embeddings, float32 [B, S, H]. */
function makeEmbeddings(g: GraphBuilder, weights: WeightTable, inputIds: string, positionIds: string): string {
  const gather = (key: string, ids: string, path: string) => {
    const { name, dataType } = weights.dense(g, key);
    const rows = g.node(`${path}/Gather`, "Gather", [name, ids], { attributes: { axis: int(0) } });
    // Cast after the Gather: only the looked-up rows are widened, the table stays float16 in memory.
    return dataType === DataType.FLOAT16 ? g.node(`${path}/Cast`, "Cast", [rows], { attributes: { to: int(DataType.FLOAT) } }) : rows;
  };
  const tokens = gather("embed_tokens", inputIds, "/model/embed_tokens");
  if (!weights.has("embed_positions")) return tokens;
  return g.node("/model/embed_positions/Add", "Add", [tokens, gather("embed_positions", positionIds, "/model/embed_positions")]);
}

const HOOK_OF_OUTPUT: Readonly<Record<keyof BlockOutputs, HookType>> = { attention: "ATTENTION", mlp: "MLP", residual: "RESIDUAL" };

export interface GraphWeights {
  readonly weights: readonly StoredWeight[];
  readonly dataFile: string;
}

/** Graph input of a graph that starts at block L > 0: block L's input residual [B, S, hidden] float32. */
export const residualInputName = (layer: number) => `blocks.${layer}.hook_resid_pre`;

/**
 * The ONNX model for one tap request: blocks up to the deepest tap (all of them with logits).
 * `firstLayer` > 0 starts the graph at that block: it then takes `residualInputName(firstLayer)`
 * instead of `input_ids` and needs no embedding weights, so a model can be run block by block
 * (the fidelity reference) with exactly the nodes of the whole graph.
 */
export function buildDecoderModel(d: ModelDescription, stored: GraphWeights, request: TapGraphRequest, firstLayer = 0): ModelProto {
  for (const tap of request.taps) {
    if (!Number.isInteger(tap.layer) || tap.layer < firstLayer || tap.layer >= d.numLayers) {
      throw new RangeError(`tap layer ${tap.layer} is outside ${firstLayer}..${d.numLayers - 1}`);
    }
  }
  const g = new GraphBuilder();
  const weights = new WeightTable(stored.weights, stored.dataFile);
  const inputIds = "input_ids";
  const mask = "attention_mask";
  const positionIds = makePositionIds(g, mask);
  const rotary = d.rotary ? makeRotaryTables(g, positionIds, d.rotary) : null;
  // One bias per distinct window (full causal, and the sliding window if some layers use it).
  const biases = new Map<number | null, string>();
  const contextOf = (layer: number): AttentionContext => {
    const window = d.attention.slidingWindows[layer]!;
    if (!biases.has(window)) biases.set(window, makeAttentionBias(g, mask, window));
    return { bias: biases.get(window)!, rotary };
  };
  const lastLayer = request.includeLogits ? d.numLayers - 1 : Math.max(-1, ...request.taps.map((t) => t.layer));
  const wanted = new Set(request.taps.map((t) => tapName(t.layer, t.hook)));
  const outputs: ValueInfoProto[] = [];
  const outputType = request.outputDType === "float16" ? DataType.FLOAT16 : DataType.FLOAT;
  const emit = (name: string, value: string, width: number) => {
    const out =
      outputType === DataType.FLOAT16 ? g.node(`/outputs/${name}/Cast`, "Cast", [value], { attributes: { to: int(DataType.FLOAT16) } }) : value;
    g.alias(name, out);
    outputs.push({ name, elemType: outputType, dims: ["batch", "sequence", width] });
  };

  const residualInput = residualInputName(firstLayer);
  let hidden = firstLayer === 0 ? makeEmbeddings(g, weights, inputIds, positionIds) : residualInput;
  for (let layer = firstLayer; layer <= lastLayer; layer++) {
    const block = makeBlock(g, weights, d, layer, hidden, contextOf(layer));
    for (const [part, hook] of Object.entries(HOOK_OF_OUTPUT) as Array<[keyof BlockOutputs, HookType]>) {
      const name = tapName(layer, hook);
      if (wanted.has(name)) emit(name, block[part], d.hiddenSize); // [B, S, hidden]
    }
    hidden = block.residual;
  }
  if (request.includeLogits) {
    const normed = makeNorm(g, weights, d, hidden, "final_norm", "/model/final_norm");
    emit("logits", weights.linear(g, normed, "lm_head", "/lm_head"), d.vocabSize); // [B, S, vocab]
  }
  const int64Input = (name: string): ValueInfoProto => ({ name, elemType: DataType.INT64, dims: ["batch", "sequence"] });
  const inputs =
    firstLayer === 0
      ? [int64Input(inputIds), int64Input(mask)]
      : [int64Input(mask), { name: residualInput, elemType: DataType.FLOAT, dims: ["batch", "sequence", d.hiddenSize] }];
  return {
    irVersion: IR_VERSION,
    producerName: "mistudio-models",
    opsetImports: [
      { domain: "", version: OPSET },
      { domain: MS_DOMAIN, version: 1 },
    ],
    graph: g.build(`${d.family}_taps`, inputs, outputs),
  };
}
