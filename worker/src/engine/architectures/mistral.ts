import type { FamilyDescriptor } from "./descriptor.ts";
import { llama } from "./llama.ts";

/** Mistral (modeling_mistral.py): Llama's layout without biases, plus sliding-window attention (see config.ts). */
export const mistral: FamilyDescriptor = {
  ...llama,
  family: "mistral",
  modelTypes: ["mistral"],
  architectures: ["MistralForCausalLM"],
  biases: () => ({ qkv: false, attnOut: false, mlp: false, lmHead: false }),
};
