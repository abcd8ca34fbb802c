/**
 * TEST SUPPORT: an independent float64 forward pass written from HuggingFace's modeling files
 * (modeling_gpt2 / llama / mistral / qwen2 / gpt_neox / phi, eager attention), reading tensors by
 * their HF names. It shares nothing with the graph builder or the architecture descriptors, so a
 * mistake there cannot hide here. Returns blocks.L.hook_* activations [B, S, H] for every layer.
 */
import { tapName } from "../../../../../contracts/src/index.ts";
import type { Checkpoint } from "../../contracts.ts";

type Raw = Record<string, unknown>;
type Mat = Float64Array; // row-major [T, width]

interface Weights {
  get(name: string): Float64Array;
  has(name: string): boolean;
}

export async function loadWeights(checkpoint: Checkpoint): Promise<Weights> {
  const map = new Map<string, Float64Array>();
  for (const name of checkpoint.tensors.keys()) map.set(name, Float64Array.from(await checkpoint.readFloat32(name)));
  return {
    get: (name) => {
      const w = map.get(name);
      if (!w) throw new Error(`reference: no tensor ${name}`);
      return w;
    },
    has: (name) => map.has(name),
  };
}

/** nn.Linear: y = x W^T + b, W [out, in]. */
function linear(x: Mat, tokens: number, w: Float64Array, out: number, b?: Float64Array): Mat {
  const inF = w.length / out;
  const y = new Float64Array(tokens * out);
  for (let t = 0; t < tokens; t++)
    for (let o = 0; o < out; o++) {
      let s = b ? b[o]! : 0;
      for (let i = 0; i < inF; i++) s += x[t * inF + i]! * w[o * inF + i]!;
      y[t * out + o] = s;
    }
  return y;
}

/** GPT-2 Conv1D: y = x W + b, W [in, out]. */
function conv1d(x: Mat, tokens: number, w: Float64Array, out: number, b: Float64Array): Mat {
  const inF = w.length / out;
  const y = new Float64Array(tokens * out);
  for (let t = 0; t < tokens; t++)
    for (let o = 0; o < out; o++) {
      let s = b[o]!;
      for (let i = 0; i < inF; i++) s += x[t * inF + i]! * w[i * out + o]!;
      y[t * out + o] = s;
    }
  return y;
}

function layerNorm(x: Mat, width: number, w: Float64Array, b: Float64Array, eps: number): Mat {
  const y = new Float64Array(x.length);
  for (let t = 0; t < x.length / width; t++) {
    const row = x.subarray(t * width, (t + 1) * width);
    const mean = row.reduce((a, v) => a + v, 0) / width;
    const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / width;
    for (let i = 0; i < width; i++) y[t * width + i] = ((row[i]! - mean) / Math.sqrt(variance + eps)) * w[i]! + b[i]!;
  }
  return y;
}

function rmsNorm(x: Mat, width: number, w: Float64Array, eps: number): Mat {
  const y = new Float64Array(x.length);
  for (let t = 0; t < x.length / width; t++) {
    const row = x.subarray(t * width, (t + 1) * width);
    const inv = 1 / Math.sqrt(row.reduce((a, v) => a + v * v, 0) / width + eps);
    for (let i = 0; i < width; i++) y[t * width + i] = row[i]! * inv * w[i]!;
  }
  return y;
}

/** erf in float64: Maclaurin series near 0, continued fraction for erfc in the tails. */
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 3) {
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 80; n++) {
      term *= (-ax * ax) / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(x) * ((2 / Math.sqrt(Math.PI)) * sum);
  }
  let fraction = ax;
  for (let k = 60; k >= 1; k--) fraction = ax + k / 2 / fraction;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / fraction;
  return Math.sign(x) * (1 - erfc);
}

const ACT: Record<string, (v: number) => number> = {
  gelu_new: (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))),
  gelu: (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)),
  silu: (v) => v / (1 + Math.exp(-v)),
};
const act = (name: string, x: Mat) => x.map(ACT[name]!);
const add = (a: Mat, b: Mat) => a.map((v, i) => v + b[i]!);

/** rotate_half rotary on the first `rot` dims of each head; x [S, heads, hd] in place. */
function applyRope(x: Mat, seq: number, heads: number, hd: number, rot: number, theta: number, positions: number[]): void {
  for (let s = 0; s < seq; s++)
    for (let h = 0; h < heads; h++) {
      const base = (s * heads + h) * hd;
      const orig = x.slice(base, base + rot);
      for (let i = 0; i < rot; i++) {
        const f = i % (rot / 2);
        const angle = positions[s]! * (1 / theta ** ((2 * f) / rot));
        const rotated = i < rot / 2 ? -orig[i + rot / 2]! : orig[i - rot / 2]!;
        x[base + i] = orig[i]! * Math.cos(angle) + rotated * Math.sin(angle);
      }
    }
}

/** Eager causal attention over one row; q [S, nh, hd], k/v [S, nkv, hd] → [S, nh*hd]. */
function attend(q: Mat, k: Mat, v: Mat, seq: number, nh: number, nkv: number, hd: number, scale: number, mask: number[], window: number | null): Mat {
  const out = new Float64Array(seq * nh * hd);
  for (let h = 0; h < nh; h++) {
    const kh = Math.floor(h / (nh / nkv));
    for (let i = 0; i < seq; i++) {
      const scores: number[] = [];
      for (let j = 0; j < seq; j++) {
        const visible = j <= i && mask[j] === 1 && (window === null || i - j < window);
        if (!visible) continue;
        let s = 0;
        for (let d = 0; d < hd; d++) s += q[(i * nh + h) * hd + d]! * k[(j * nkv + kh) * hd + d]!;
        scores.push(s * scale);
      }
      if (scores.length === 0) continue; // a pad query: nothing to attend to (never compared)
      const max = Math.max(...scores);
      const exps = scores.map((s) => Math.exp(s - max));
      const total = exps.reduce((a, b) => a + b, 0);
      let n = 0;
      for (let j = 0; j < seq; j++) {
        const visible = j <= i && mask[j] === 1 && (window === null || i - j < window);
        if (!visible) continue;
        const p = exps[n++]! / total;
        for (let d = 0; d < hd; d++) out[(i * nh + h) * hd + d] += p * v[(j * nkv + kh) * hd + d]!;
      }
    }
  }
  return out;
}

interface Layer {
  attention: Mat;
  mlp: Mat;
  residual: Mat;
}

/** One batch row through the family's decoder stack. */
function forwardRow(raw: Raw, w: Weights, ids: number[], mask: number[]): Layer[] {
  const type = raw.model_type as string;
  const H = (raw.hidden_size ?? raw.n_embd) as number;
  const nh = (raw.num_attention_heads ?? raw.n_head) as number;
  const nkv = (raw.num_key_value_heads ?? nh) as number;
  const hd = (raw.head_dim as number | undefined) ?? H / nh;
  const L = (raw.num_hidden_layers ?? raw.n_layer) as number;
  const S = ids.length;
  let cumsum = 0;
  const positions = mask.map((m) => (cumsum += m, m === 0 ? 1 : cumsum - 1));
  const embed = (name: string, rows: number[]) => {
    const table = w.get(name);
    const out = new Float64Array(S * H);
    rows.forEach((r, t) => out.set(table.subarray(r * H, (r + 1) * H), t * H));
    return out;
  };
  const layers: Layer[] = [];
  if (type === "gpt2") {
    let h = add(embed("transformer.wte.weight", ids), embed("transformer.wpe.weight", positions));
    for (let l = 0; l < L; l++) {
      const p = `transformer.h.${l}`;
      const eps = raw.layer_norm_epsilon as number;
      const a = layerNorm(h, H, w.get(`${p}.ln_1.weight`), w.get(`${p}.ln_1.bias`), eps);
      const qkv = conv1d(a, S, w.get(`${p}.attn.c_attn.weight`), 3 * H, w.get(`${p}.attn.c_attn.bias`));
      const pick = (part: number) => Float64Array.from({ length: S * H }, (_, i) => qkv[Math.floor(i / H) * 3 * H + part * H + (i % H)]!);
      let scale = raw.scale_attn_weights === false ? 1 : 1 / Math.sqrt(hd);
      if (raw.scale_attn_by_inverse_layer_idx === true) scale /= l + 1;
      const ctx = attend(pick(0), pick(1), pick(2), S, nh, nh, hd, scale, mask, null);
      const attention = conv1d(ctx, S, w.get(`${p}.attn.c_proj.weight`), H, w.get(`${p}.attn.c_proj.bias`));
      const mid = add(h, attention);
      const u = layerNorm(mid, H, w.get(`${p}.ln_2.weight`), w.get(`${p}.ln_2.bias`), eps);
      const inner = (raw.n_inner as number | null) ?? 4 * H;
      const hidden = act("gelu_new", conv1d(u, S, w.get(`${p}.mlp.c_fc.weight`), inner, w.get(`${p}.mlp.c_fc.bias`)));
      const mlp = conv1d(hidden, S, w.get(`${p}.mlp.c_proj.weight`), H, w.get(`${p}.mlp.c_proj.bias`));
      h = add(mid, mlp);
      layers.push({ attention, mlp, residual: h });
    }
    return layers;
  }
  if (type === "llama" || type === "mistral" || type === "qwen2") {
    const eps = raw.rms_norm_eps as number;
    const I = raw.intermediate_size as number;
    const theta = (raw.rope_theta as number | undefined) ?? 10000;
    // Mistral: every layer; Qwen2 (Qwen2Config.layer_types): layers ≥ max_window_layers, only with use_sliding_window.
    const configWindow = type === "mistral" ? ((raw.sliding_window as number | null) ?? null) : raw.use_sliding_window === true ? (raw.sliding_window as number) : null;
    const windowOf = (layer: number) => (type === "qwen2" && layer < ((raw.max_window_layers as number | undefined) ?? 28) ? null : configWindow);
    let h = embed("model.embed_tokens.weight", ids);
    for (let l = 0; l < L; l++) {
      const p = `model.layers.${l}`;
      const bias = (name: string) => (w.has(name) ? w.get(name) : undefined);
      const a = rmsNorm(h, H, w.get(`${p}.input_layernorm.weight`), eps);
      const q = linear(a, S, w.get(`${p}.self_attn.q_proj.weight`), nh * hd, bias(`${p}.self_attn.q_proj.bias`));
      const k = linear(a, S, w.get(`${p}.self_attn.k_proj.weight`), nkv * hd, bias(`${p}.self_attn.k_proj.bias`));
      const v = linear(a, S, w.get(`${p}.self_attn.v_proj.weight`), nkv * hd, bias(`${p}.self_attn.v_proj.bias`));
      applyRope(q, S, nh, hd, hd, theta, positions);
      applyRope(k, S, nkv, hd, hd, theta, positions);
      const ctx = attend(q, k, v, S, nh, nkv, hd, 1 / Math.sqrt(hd), mask, windowOf(l));
      const attention = linear(ctx, S, w.get(`${p}.self_attn.o_proj.weight`), H, bias(`${p}.self_attn.o_proj.bias`));
      const mid = add(h, attention);
      const u = rmsNorm(mid, H, w.get(`${p}.post_attention_layernorm.weight`), eps);
      const gate = act(raw.hidden_act as string, linear(u, S, w.get(`${p}.mlp.gate_proj.weight`), I));
      const up = linear(u, S, w.get(`${p}.mlp.up_proj.weight`), I);
      const mlp = linear(gate.map((g, i) => g * up[i]!), S, w.get(`${p}.mlp.down_proj.weight`), H);
      h = add(mid, mlp);
      layers.push({ attention, mlp, residual: h });
    }
    return layers;
  }
  if (type === "gpt_neox") {
    const eps = raw.layer_norm_eps as number;
    const I = raw.intermediate_size as number;
    const rot = Math.floor(hd * (raw.rotary_pct as number));
    let h = embed("gpt_neox.embed_in.weight", ids);
    for (let l = 0; l < L; l++) {
      const p = `gpt_neox.layers.${l}`;
      const a = layerNorm(h, H, w.get(`${p}.input_layernorm.weight`), w.get(`${p}.input_layernorm.bias`), eps);
      const qkv = linear(a, S, w.get(`${p}.attention.query_key_value.weight`), 3 * H, w.get(`${p}.attention.query_key_value.bias`));
      // view(S, nh, 3*hd): per head, q | k | v of head_dim each
      const pick = (part: number) => Float64Array.from({ length: S * H }, (_, i) => {
        const s = Math.floor(i / H), head = Math.floor((i % H) / hd), d = i % hd;
        return qkv[s * 3 * H + head * 3 * hd + part * hd + d]!;
      });
      const q = pick(0), k = pick(1);
      applyRope(q, S, nh, hd, rot, raw.rotary_emb_base as number, positions);
      applyRope(k, S, nh, hd, rot, raw.rotary_emb_base as number, positions);
      const ctx = attend(q, k, pick(2), S, nh, nh, hd, 1 / Math.sqrt(hd), mask, null);
      const attention = linear(ctx, S, w.get(`${p}.attention.dense.weight`), H, w.get(`${p}.attention.dense.bias`));
      const mlpOf = (x: Mat) => {
        const u = layerNorm(x, H, w.get(`${p}.post_attention_layernorm.weight`), w.get(`${p}.post_attention_layernorm.bias`), eps);
        const hidden = act(raw.hidden_act as string, linear(u, S, w.get(`${p}.mlp.dense_h_to_4h.weight`), I, w.get(`${p}.mlp.dense_h_to_4h.bias`)));
        return linear(hidden, S, w.get(`${p}.mlp.dense_4h_to_h.weight`), H, w.get(`${p}.mlp.dense_4h_to_h.bias`));
      };
      if (raw.use_parallel_residual !== false) {
        const mlp = mlpOf(h);
        h = add(add(mlp, attention), h);
        layers.push({ attention, mlp, residual: h });
      } else {
        const mid = add(h, attention);
        const mlp = mlpOf(mid);
        h = add(mid, mlp);
        layers.push({ attention, mlp, residual: h });
      }
    }
    return layers;
  }
  if (type === "phi") {
    const eps = raw.layer_norm_eps as number;
    const I = raw.intermediate_size as number;
    const rot = Math.floor(hd * (raw.partial_rotary_factor as number));
    let h = embed("model.embed_tokens.weight", ids);
    for (let l = 0; l < L; l++) {
      const p = `model.layers.${l}`;
      const a = layerNorm(h, H, w.get(`${p}.input_layernorm.weight`), w.get(`${p}.input_layernorm.bias`), eps);
      const proj = (name: string, out: number) => linear(a, S, w.get(`${p}.self_attn.${name}.weight`), out, w.get(`${p}.self_attn.${name}.bias`));
      const q = proj("q_proj", nh * hd), k = proj("k_proj", nkv * hd), v = proj("v_proj", nkv * hd);
      applyRope(q, S, nh, hd, rot, raw.rope_theta as number, positions);
      applyRope(k, S, nkv, hd, rot, raw.rope_theta as number, positions);
      const ctx = attend(q, k, v, S, nh, nkv, hd, 1 / Math.sqrt(hd), mask, null);
      const attention = linear(ctx, S, w.get(`${p}.self_attn.dense.weight`), H, w.get(`${p}.self_attn.dense.bias`));
      const hidden = act(raw.hidden_act as string, linear(a, S, w.get(`${p}.mlp.fc1.weight`), I, w.get(`${p}.mlp.fc1.bias`)));
      const mlp = linear(hidden, S, w.get(`${p}.mlp.fc2.weight`), H, w.get(`${p}.mlp.fc2.bias`));
      h = add(add(attention, mlp), h);
      layers.push({ attention, mlp, residual: h });
    }
    return layers;
  }
  throw new Error(`reference forward: no implementation for ${type}`);
}

/** Reference taps for a batch: tapName → Float64Array [B, S, H]. */
export function referenceForward(raw: Raw, w: Weights, ids: number[][], mask: number[][]): Map<string, Float64Array> {
  const rows = ids.map((row, b) => forwardRow(raw, w, row, mask[b]!));
  const taps = new Map<string, Float64Array>();
  const width = rows[0]![0]!.residual.length;
  rows[0]!.forEach((_, layer) => {
    for (const [hook, part] of [["RESIDUAL", "residual"], ["MLP", "mlp"], ["ATTENTION", "attention"]] as const) {
      const out = new Float64Array(rows.length * width);
      rows.forEach((layers, b) => out.set(layers[layer]![part], b * width));
      taps.set(tapName(layer, hook), out);
    }
  });
  return taps;
}
