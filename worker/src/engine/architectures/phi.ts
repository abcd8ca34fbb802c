import type { FamilyDescriptor } from "./descriptor.ts";

/**
 * Phi / phi-2 (modeling_phi.py): one LayerNorm feeds attention and MLP in parallel, biases
 * everywhere (lm_head too), partial rotary, gelu_new.
 */
export const phi: FamilyDescriptor = {
  family: "phi",
  modelTypes: ["phi"],
  architectures: ["PhiForCausalLM"],
  tensors: {
    embedding: "model.embed_tokens",
    finalNorm: "model.final_layernorm",
    lmHead: "lm_head",
    attnNorm: "model.layers.{L}.input_layernorm",
    qkv: { kind: "separate", q: "model.layers.{L}.self_attn.q_proj", k: "model.layers.{L}.self_attn.k_proj", v: "model.layers.{L}.self_attn.v_proj" },
    attnOut: "model.layers.{L}.self_attn.dense",
    mlpUp: "model.layers.{L}.mlp.fc1",
    mlpDown: "model.layers.{L}.mlp.fc2",
  },
  linearLayout: "out_in",
  norm: "layernorm",
  normBias: true,
  positions: "rotary",
  parallelResidual: () => true,
  biases: () => ({ qkv: true, attnOut: true, mlp: true, lmHead: true }),
  defaults: { tiedEmbeddings: false, activation: "gelu_new" },
  unsupported: (raw) => (raw.qk_layernorm === true ? "phi with qk_layernorm=true (per-head query/key LayerNorms)" : undefined),
};
