/**
 * Position ids, the additive attention bias, rotary embeddings and the attention module, from
 * plain ONNX ops (every one measured on this CPU in ORT.md), so sliding windows, grouped-query
 * heads, partial rotary and per-layer scales are settings rather than different fused kernels.
 */
import type { ModelDescription } from "../architectures/descriptor.ts";
import { DataType } from "../onnx/model.ts";
import { GraphBuilder, int, ints } from "./builder.ts";
import type { WeightTable } from "./weights.ts";

/**
 * Masked scores get this finite bias, never -inf: a pad query whose keys are all masked then
 * gets a uniform softmax instead of NaN, and no NaN can leak into real tokens through 0 * NaN.
 */
export const MASKED_SCORE_BIAS = -1e9;

/**
 *   attention_mask ─ CumSum ─ Sub(1) ─ Where(mask == 0 → 1)      (HF generate's convention)
 */
export function makePositionIds(g: GraphBuilder, mask: string): string {
  const cumsum = g.node("/model/positions/CumSum", "CumSum", [mask, g.constInt64([1], [])]);
  const positions = g.node("/model/positions/Sub", "Sub", [cumsum, g.constInt64([1], [])]);
  const isPad = g.node("/model/positions/Equal", "Equal", [mask, g.constInt64([0], [])]);
  return g.node("/model/positions/Where", "Where", [isPad, g.constInt64([1], []), positions]);
}

/**
 * Additive bias [B, 1, 1, S, S] (broadcast over kv groups and heads in a group):
 *   key j is visible from query i when j <= i, i - j < window (if any) and mask[j] = 1.
 */
export function makeAttentionBias(g: GraphBuilder, mask: string, slidingWindow: number | null): string {
  const p = slidingWindow === null ? "/model/attn_bias" : `/model/attn_bias_window_${slidingWindow}`;
  const seqLen = g.node(`${p}/Gather`, "Gather", [g.node(`${p}/Shape`, "Shape", [mask]), g.constInt64([1], [])], { attributes: { axis: int(0) } });
  const range = g.node(`${p}/Range`, "Range", [g.constInt64([0], []), seqLen, g.constInt64([1], [])]);
  const rows = g.node(`${p}/rows`, "Unsqueeze", [range, g.constInt64([1])]);
  const cols = g.node(`${p}/cols`, "Unsqueeze", [range, g.constInt64([0])]);
  let visible = g.node(`${p}/causal`, "LessOrEqual", [cols, rows]);
  if (slidingWindow !== null) {
    const distance = g.node(`${p}/distance`, "Sub", [rows, cols]);
    const inWindow = g.node(`${p}/in_window`, "Less", [distance, g.constInt64([slidingWindow], [])]);
    visible = g.node(`${p}/window`, "And", [visible, inWindow]);
  }
  const keyIsReal = g.node(`${p}/key_is_real`, "Cast", [mask], { attributes: { to: int(DataType.BOOL) } });
  const keyMask = g.node(`${p}/key_mask`, "Unsqueeze", [keyIsReal, g.constInt64([1, 2])]); // [B,1,1,S]
  const allowed = g.node(`${p}/allowed`, "And", [visible, keyMask]); // [B,1,S,S]
  const bias = g.node(`${p}/Where`, "Where", [allowed, g.constFloat([0], []), g.constFloat([MASKED_SCORE_BIAS], [])]);
  return g.node(`${p}/Unsqueeze`, "Unsqueeze", [bias, g.constInt64([1])]);
}

export interface RotaryTables {
  readonly cos: string;
  readonly sin: string;
}

/**
 * cos/sin [B, 1, S, rot] from position ids, as HF's rotary classes compute them in float32:
 *   inv_freq = 1 / theta^(2i/rot);  angle = (position / linear_scale) * inv_freq;  emb = [angle, angle]
 */
export function makeRotaryTables(g: GraphBuilder, positionIds: string, rotary: NonNullable<ModelDescription["rotary"]>): RotaryTables {
  const p = "/model/rotary";
  const half = rotary.dim / 2;
  const invFreq = Float32Array.from({ length: half }, (_, i) => 1 / rotary.theta ** ((2 * i) / rotary.dim));
  let positions = g.node(`${p}/Cast`, "Cast", [positionIds], { attributes: { to: int(DataType.FLOAT) } });
  if (rotary.linearScale !== 1) positions = g.node(`${p}/Div`, "Div", [positions, g.constFloat([rotary.linearScale], [])]);
  const angles = g.node(`${p}/Mul`, "Mul", [g.node(`${p}/Unsqueeze`, "Unsqueeze", [positions, g.constInt64([2])]), g.constFloat(invFreq)]);
  const emb = g.node(`${p}/Concat`, "Concat", [angles, angles], { attributes: { axis: int(-1) } });
  const headAxis = g.constInt64([1]);
  return {
    cos: g.node(`${p}/cos`, "Unsqueeze", [g.node(`${p}/Cos`, "Cos", [emb]), headAxis]),
    sin: g.node(`${p}/sin`, "Unsqueeze", [g.node(`${p}/Sin`, "Sin", [emb]), headAxis]),
  };
}

/**
 * Rotate-half rotary on the first `rot` dims of x [B, n, S, hd]; the rest pass through:
 *   x ─ Split[rot, hd-rot] ─ (x_rot*cos + concat(-x2, x1)*sin) ─ Concat(x_pass)
 */
function applyRotary(g: GraphBuilder, x: string, tables: RotaryTables, rot: number, headDim: number, path: string): string {
  const parts = rot < headDim ? g.nodeOutputs(`${path}/Split`, "Split", [x, g.constInt64([rot, headDim - rot])], { attributes: { axis: int(-1) }, outputs: 2 }) : [x];
  const [x1, x2] = g.nodeOutputs(`${path}/SplitHalf`, "Split", [parts[0]!, g.constInt64([rot / 2, rot / 2])], { attributes: { axis: int(-1) }, outputs: 2 });
  const rotated = g.node(`${path}/rotate_half`, "Concat", [g.node(`${path}/Neg`, "Neg", [x2!]), x1!], { attributes: { axis: int(-1) } });
  const embedded = g.node(`${path}/Add`, "Add", [
    g.node(`${path}/MulCos`, "Mul", [parts[0]!, tables.cos]),
    g.node(`${path}/MulSin`, "Mul", [rotated, tables.sin]),
  ]);
  return parts.length === 1 ? embedded : g.node(`${path}/Concat`, "Concat", [embedded, parts[1]!], { attributes: { axis: int(-1) } });
}

export interface AttentionContext {
  readonly bias: string;
  readonly rotary: RotaryTables | null;
}

/**
 * Multi-head / grouped-query causal attention of layer L on normed input x [B, S, H]:
 *   qkv linear ─ Split ─ heads ─ rotary(q, k) ─ q[B,kv,g,S,d] @ k^T[B,kv,1,d,S] * scale + bias
 *   ─ Softmax ─ @ v[B,kv,1,S,d] ─ merge heads ─ o_proj (+bias)  = hook_attn_out
 * Query head h uses kv head floor(h / g), as HF's repeat_kv does.
 */
export function makeAttention(g: GraphBuilder, weights: WeightTable, d: ModelDescription, layer: number, x: string, ctx: AttentionContext): string {
  const p = `/model/layers.${layer}/attn`;
  const { numHeads, numKvHeads, headDim } = d.attention;
  const group = numHeads / numKvHeads;
  const qkv = weights.linear(g, x, `layers.${layer}.attn.qkv`, `${p}/qkv_proj`);
  const [q, k, v] = g.nodeOutputs(`${p}/Split`, "Split", [qkv, g.constInt64([numHeads * headDim, numKvHeads * headDim, numKvHeads * headDim])], {
    attributes: { axis: int(-1) },
    outputs: 3,
  });
  const heads = (value: string, count: number, name: string) =>
    g.node(`${p}/${name}/Transpose`, "Transpose", [g.node(`${p}/${name}/Reshape`, "Reshape", [value, g.constInt64([0, 0, count, headDim])])], {
      attributes: { perm: ints([0, 2, 1, 3]) },
    }); // [B, n, S, d]
  let qh = heads(q!, numHeads, "q");
  let kh = heads(k!, numKvHeads, "k");
  const vh = heads(v!, numKvHeads, "v");
  if (ctx.rotary && d.rotary) {
    qh = applyRotary(g, qh, ctx.rotary, d.rotary.dim, headDim, `${p}/q_rotary`);
    kh = applyRotary(g, kh, ctx.rotary, d.rotary.dim, headDim, `${p}/k_rotary`);
  }
  const qGrouped = g.node(`${p}/q_groups`, "Reshape", [qh, g.constInt64([0, numKvHeads, group, -1, headDim])]);
  const kGrouped = g.node(`${p}/k_groups`, "Unsqueeze", [kh, g.constInt64([2])]);
  const vGrouped = g.node(`${p}/v_groups`, "Unsqueeze", [vh, g.constInt64([2])]);
  const kT = g.node(`${p}/k_T`, "Transpose", [kGrouped], { attributes: { perm: ints([0, 1, 2, 4, 3]) } });
  const scores = g.node(`${p}/scores`, "MatMul", [qGrouped, kT]);
  const scaled = g.node(`${p}/scale`, "Mul", [scores, g.constFloat([d.attention.scales[layer]!], [])]);
  const probs = g.node(`${p}/Softmax`, "Softmax", [g.node(`${p}/bias`, "Add", [scaled, ctx.bias])], { attributes: { axis: int(-1) } });
  const context = g.node(`${p}/context`, "MatMul", [probs, vGrouped]); // [B, kv, g, S, d]
  const merged = g.node(`${p}/merge/Transpose`, "Transpose", [g.node(`${p}/merge/heads`, "Reshape", [context, g.constInt64([0, numHeads, -1, headDim])])], {
    attributes: { perm: ints([0, 2, 1, 3]) },
  });
  const flat = g.node(`${p}/merge/Reshape`, "Reshape", [merged, g.constInt64([0, 0, numHeads * headDim])]);
  return weights.linear(g, flat, `layers.${layer}.attn.o_proj`, `${p}/o_proj`);
}
