/**
 * Random-weight bf16 safetensors checkpoints with real model shapes, written streaming (one
 * 8 MiB chunk in memory at a time) so a 1.1B model never has to fit in RAM.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { writeSafetensors, type TensorToWrite } from "../../worker/src/engine/safetensors/writer.ts";

export interface BenchShape {
  readonly label: string;
  readonly config: Record<string, unknown>;
  /** name → shape, in file order; `ones` marks norm weights (random norms would blow up the validation forward). */
  readonly tensors: ReadonlyArray<{ readonly name: string; readonly shape: readonly number[]; readonly ones?: boolean }>;
}

export const GPT2_SMALL: BenchShape = (() => {
  const d = 768;
  const tensors: Array<{ name: string; shape: number[]; ones?: boolean }> = [
    { name: "transformer.wte.weight", shape: [50257, d] },
    { name: "transformer.wpe.weight", shape: [1024, d] },
  ];
  for (let i = 0; i < 12; i++) {
    const p = `transformer.h.${i}`;
    tensors.push(
      { name: `${p}.ln_1.weight`, shape: [d], ones: true },
      { name: `${p}.ln_1.bias`, shape: [d] },
      { name: `${p}.attn.c_attn.weight`, shape: [d, 3 * d] },
      { name: `${p}.attn.c_attn.bias`, shape: [3 * d] },
      { name: `${p}.attn.c_proj.weight`, shape: [d, d] },
      { name: `${p}.attn.c_proj.bias`, shape: [d] },
      { name: `${p}.ln_2.weight`, shape: [d], ones: true },
      { name: `${p}.ln_2.bias`, shape: [d] },
      { name: `${p}.mlp.c_fc.weight`, shape: [d, 4 * d] },
      { name: `${p}.mlp.c_fc.bias`, shape: [4 * d] },
      { name: `${p}.mlp.c_proj.weight`, shape: [4 * d, d] },
      { name: `${p}.mlp.c_proj.bias`, shape: [d] },
    );
  }
  tensors.push({ name: "transformer.ln_f.weight", shape: [d], ones: true }, { name: "transformer.ln_f.bias", shape: [d] });
  return {
    label: "GPT-2 small (124M)",
    config: { architectures: ["GPT2LMHeadModel"], model_type: "gpt2", n_embd: d, n_head: 12, n_layer: 12, n_positions: 1024, vocab_size: 50257, activation_function: "gelu_new", layer_norm_epsilon: 1e-5, torch_dtype: "bfloat16" },
    tensors,
  };
})();

/** A llama-family checkpoint: the LM head is a tensor of its own unless the embeddings are tied. */
export function llamaShape(
  label: string,
  dims: { hidden: number; intermediate: number; heads: number; kvHeads: number; layers: number; vocab: number; tiedEmbeddings: boolean },
): BenchShape {
  const { hidden: d, intermediate: inter, heads, kvHeads, layers, vocab, tiedEmbeddings } = dims;
  const kv = (d / heads) * kvHeads;
  const tensors: Array<{ name: string; shape: number[]; ones?: boolean }> = [{ name: "model.embed_tokens.weight", shape: [vocab, d] }];
  for (let i = 0; i < layers; i++) {
    const p = `model.layers.${i}`;
    tensors.push(
      { name: `${p}.input_layernorm.weight`, shape: [d], ones: true },
      { name: `${p}.self_attn.q_proj.weight`, shape: [d, d] },
      { name: `${p}.self_attn.k_proj.weight`, shape: [kv, d] },
      { name: `${p}.self_attn.v_proj.weight`, shape: [kv, d] },
      { name: `${p}.self_attn.o_proj.weight`, shape: [d, d] },
      { name: `${p}.post_attention_layernorm.weight`, shape: [d], ones: true },
      { name: `${p}.mlp.gate_proj.weight`, shape: [inter, d] },
      { name: `${p}.mlp.up_proj.weight`, shape: [inter, d] },
      { name: `${p}.mlp.down_proj.weight`, shape: [d, inter] },
    );
  }
  tensors.push({ name: "model.norm.weight", shape: [d], ones: true });
  if (!tiedEmbeddings) tensors.push({ name: "lm_head.weight", shape: [vocab, d] });
  return {
    label,
    config: {
      architectures: ["LlamaForCausalLM"], model_type: "llama", hidden_size: d, intermediate_size: inter, num_attention_heads: heads, num_key_value_heads: kvHeads,
      num_hidden_layers: layers, vocab_size: vocab, max_position_embeddings: 2048, rms_norm_eps: 1e-5, rope_theta: 10000, hidden_act: "silu", tie_word_embeddings: tiedEmbeddings, torch_dtype: "bfloat16",
    },
    tensors,
  };
}

export const TINYLLAMA_1B = llamaShape("TinyLlama shape (1.1B)", { hidden: 2048, intermediate: 5632, heads: 32, kvHeads: 4, layers: 22, vocab: 32000, tiedEmbeddings: false });

const CHUNK_ELEMENTS = 4 << 20;
const BF16_ONE = 0x3f80;

/** Uniform in ±0.04 (σ ≈ 0.023, like an initialised transformer), as bf16 patterns, from a fixed-seed xorshift. */
function* randomBf16Chunks(elements: number, seed: number): Generator<Uint8Array> {
  let state = seed | 1;
  const scratch = new Float32Array(1);
  const scratchBits = new Uint32Array(scratch.buffer);
  for (let done = 0; done < elements; done += CHUNK_ELEMENTS) {
    const chunk = new Uint16Array(Math.min(CHUNK_ELEMENTS, elements - done));
    for (let i = 0; i < chunk.length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      scratch[0] = (state / 2 ** 31) * 0.04;
      chunk[i] = scratchBits[0] >>> 16;
    }
    yield new Uint8Array(chunk.buffer);
  }
}

export const parameterCount = (shape: BenchShape) => shape.tensors.reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);

/** Writes config.json and model.safetensors into `dir`. */
export async function writeRandomCheckpoint(dir: string, shape: BenchShape): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "config.json"), JSON.stringify(shape.config, null, 2));
  const tensors: TensorToWrite[] = shape.tensors.map((t, index) => {
    const elements = t.shape.reduce((a, b) => a * b, 1);
    return {
      name: t.name,
      dtype: "BF16",
      shape: t.shape,
      chunks: () => (t.ones ? [new Uint8Array(new Uint16Array(elements).fill(BF16_ONE).buffer)] : randomBf16Chunks(elements, index + 1)),
    };
  });
  await writeSafetensors(path.join(dir, "model.safetensors"), tensors, { format: "pt" });
}
