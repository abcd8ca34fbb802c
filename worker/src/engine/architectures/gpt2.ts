import type { FamilyDescriptor } from "./descriptor.ts";

/** GPT-2 (modeling_gpt2.py): Conv1D weights stored [in, out], fused c_attn, learned positions. */
export const gpt2: FamilyDescriptor = {
  family: "gpt2",
  modelTypes: ["gpt2"],
  architectures: ["GPT2LMHeadModel", "GPT2Model"],
  optionalPrefix: "transformer.",
  tensors: {
    embedding: "transformer.wte",
    positionEmbedding: "transformer.wpe",
    finalNorm: "transformer.ln_f",
    lmHead: "lm_head",
    attnNorm: "transformer.h.{L}.ln_1",
    mlpNorm: "transformer.h.{L}.ln_2",
    qkv: { kind: "fused", module: "transformer.h.{L}.attn.c_attn" },
    attnOut: "transformer.h.{L}.attn.c_proj",
    mlpUp: "transformer.h.{L}.mlp.c_fc",
    mlpDown: "transformer.h.{L}.mlp.c_proj",
  },
  linearLayout: "in_out",
  norm: "layernorm",
  normBias: true,
  positions: "learned",
  parallelResidual: () => false,
  biases: () => ({ qkv: true, attnOut: true, mlp: true, lmHead: false }),
  attentionScale: (raw, layer, headDim) =>
    (raw.scale_attn_weights === false ? 1 : 1 / Math.sqrt(headDim)) / (raw.scale_attn_by_inverse_layer_idx === true ? layer + 1 : 1),
  defaults: { tiedEmbeddings: true, activation: "gelu_new", mlpRatio: 4 },
};
