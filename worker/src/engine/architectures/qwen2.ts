import type { FamilyDescriptor } from "./descriptor.ts";
import { llama } from "./llama.ts";

/** Qwen2 (modeling_qwen2.py): Llama's layout with q/k/v biases (o_proj and MLP have none). */
export const qwen2: FamilyDescriptor = {
  ...llama,
  family: "qwen2",
  modelTypes: ["qwen2"],
  architectures: ["Qwen2ForCausalLM"],
  biases: () => ({ qkv: true, attnOut: false, mlp: false, lmHead: false }),
};
