import type { FamilyDescriptor } from "./descriptor.ts";

/**
 * GPT-NeoX / Pythia (modeling_gpt_neox.py): fused query_key_value whose outputs are laid out
 * [heads, 3, head_dim], partial rotary (rotary_pct), parallel residual unless
 * use_parallel_residual=false, exact gelu, untied embed_out.
 */
export const gptNeox: FamilyDescriptor = {
  family: "gpt_neox",
  modelTypes: ["gpt_neox"],
  architectures: ["GPTNeoXForCausalLM"],
  tensors: {
    embedding: "gpt_neox.embed_in",
    finalNorm: "gpt_neox.final_layer_norm",
    lmHead: "embed_out",
    attnNorm: "gpt_neox.layers.{L}.input_layernorm",
    mlpNorm: "gpt_neox.layers.{L}.post_attention_layernorm",
    qkv: { kind: "fused_head_interleaved", module: "gpt_neox.layers.{L}.attention.query_key_value" },
    attnOut: "gpt_neox.layers.{L}.attention.dense",
    mlpUp: "gpt_neox.layers.{L}.mlp.dense_h_to_4h",
    mlpDown: "gpt_neox.layers.{L}.mlp.dense_4h_to_h",
  },
  linearLayout: "out_in",
  norm: "layernorm",
  normBias: true,
  positions: "rotary",
  parallelResidual: (raw) => raw.use_parallel_residual !== false,
  biases: (raw) => ({ qkv: raw.attention_bias !== false, attnOut: raw.attention_bias !== false, mlp: true, lmHead: false }),
  defaults: { tiedEmbeddings: false, activation: "gelu" },
};
