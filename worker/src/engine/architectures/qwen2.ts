import type { FamilyDescriptor } from "./descriptor.ts";
import { llama } from "./llama.ts";

/** HF Qwen2Config's default for configs that leave max_window_layers out. */
const DEFAULT_MAX_WINDOW_LAYERS = 28;

/**
 * Qwen2 (modeling_qwen2.py): Llama's layout with q/k/v biases (o_proj and MLP have none). The
 * sliding window (only with use_sliding_window, config.ts) applies per Qwen2Config.layer_types:
 * as listed when the config lists them, else to layers ≥ max_window_layers; lower layers attend fully.
 */
export const qwen2: FamilyDescriptor = {
  ...llama,
  family: "qwen2",
  modelTypes: ["qwen2"],
  architectures: ["Qwen2ForCausalLM"],
  biases: () => ({ qkv: true, attnOut: false, mlp: false, lmHead: false }),
  slidingWindowLayer: (raw, layer) => {
    if (Array.isArray(raw.layer_types)) return raw.layer_types[layer] === "sliding_attention";
    const fullLayers = typeof raw.max_window_layers === "number" ? raw.max_window_layers : DEFAULT_MAX_WINDOW_LAYERS;
    return layer >= fullLayers;
  },
};
