import type { FamilyDescriptor } from "./descriptor.ts";

/** Llama (modeling_llama.py): RMSNorm, rotary, grouped-query attention, SwiGLU; biases only when the config asks. */
export const llama: FamilyDescriptor = {
  family: "llama",
  modelTypes: ["llama"],
  architectures: ["LlamaForCausalLM"],
  tensors: {
    embedding: "model.embed_tokens",
    finalNorm: "model.norm",
    lmHead: "lm_head",
    attnNorm: "model.layers.{L}.input_layernorm",
    mlpNorm: "model.layers.{L}.post_attention_layernorm",
    qkv: { kind: "separate", q: "model.layers.{L}.self_attn.q_proj", k: "model.layers.{L}.self_attn.k_proj", v: "model.layers.{L}.self_attn.v_proj" },
    attnOut: "model.layers.{L}.self_attn.o_proj",
    mlpUp: "model.layers.{L}.mlp.up_proj",
    mlpGate: "model.layers.{L}.mlp.gate_proj",
    mlpDown: "model.layers.{L}.mlp.down_proj",
  },
  linearLayout: "out_in",
  norm: "rmsnorm",
  normBias: false,
  positions: "rotary",
  parallelResidual: () => false,
  biases: (raw) => ({ qkv: raw.attention_bias === true, attnOut: raw.attention_bias === true, mlp: raw.mlp_bias === true, lmHead: false }),
  defaults: { tiedEmbeddings: false, activation: "silu" },
};
