import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureModelDir, FIXTURE_ARCHS, type FixtureArch } from "../../../../test/support/fixtures.ts";
import type { TensorInfo } from "../contracts.ts";
import { openCheckpoint } from "../safetensors/index.ts";
import { classifyTensors, describeModel, normalizeConfig, resolveFamily } from "./index.ts";

const config = async (arch: FixtureArch) => JSON.parse(await readFile(path.join(fixtureModelDir(arch), "config.json"), "utf8")) as Record<string, unknown>;
async function tensors(arch: FixtureArch): Promise<TensorInfo[]> {
  const checkpoint = await openCheckpoint(fixtureModelDir(arch));
  const list = [...checkpoint.tensors.values()];
  await checkpoint.close();
  return list;
}

describe("normalizeConfig", () => {
  it.each([
    // arch, layers, hidden, heads, kv, headDim, intermediate, vocab, activation, eps, theta, rotaryDim, tied, window
    ["gpt2", 2, 64, 4, 4, 16, 256, 321, "gelu_new", 1e-5, null, null, true, null],
    ["llama", 2, 64, 4, 2, 16, 128, 322, "silu", 1e-5, 500000, 16, false, null],
    ["mistral", 2, 64, 4, 2, 16, 160, 323, "silu", 1e-5, 10000, 16, false, 4096],
    ["qwen2", 2, 64, 4, 2, 16, 128, 352, "silu", 1e-6, 1000000, 16, true, null],
    ["gpt_neox", 2, 64, 4, 4, 16, 256, 352, "gelu", 1e-5, 10000, 4, false, null],
    ["phi", 2, 80, 4, 4, 20, 320, 352, "gelu_new", 1e-5, 10000, 8, false, null],
  ] as const)("%s: aliases resolved to canonical fields", async (arch, numLayers, hiddenSize, numHeads, numKvHeads, headDim, intermediateSize, vocabSize, activation, normEpsilon, ropeTheta, rotaryDim, tiedEmbeddings, slidingWindow) => {
    expect(normalizeConfig(await config(arch))).toMatchObject({
      numLayers, hiddenSize, numHeads, numKvHeads, headDim, intermediateSize, vocabSize, activation, normEpsilon, ropeTheta, rotaryDim, tiedEmbeddings, slidingWindow, maxPositions: 128,
    });
  });

  it("names the field and its aliases when a required one is missing", () => {
    expect(() => normalizeConfig({ model_type: "llama", num_attention_heads: 4 })).toThrow(/hiddenSize.*hidden_size, n_embd, d_model/);
  });
});

describe("sliding windows per layer", () => {
  const windows = async (arch: FixtureArch, overrides: Record<string, unknown>) => describeModel({ ...(await config(arch)), ...overrides }, await tensors(arch)).attention.slidingWindows;

  it("qwen2: only layers ≥ max_window_layers, only with use_sliding_window, or as layer_types lists them", async () => {
    expect(await windows("qwen2", { use_sliding_window: true, sliding_window: 3, max_window_layers: 1 })).toEqual([null, 3]);
    expect(await windows("qwen2", { use_sliding_window: true, sliding_window: 3, max_window_layers: 0 })).toEqual([3, 3]);
    expect(await windows("qwen2", { use_sliding_window: true, sliding_window: 3 })).toEqual([null, null]); // HF default max_window_layers 28
    expect(await windows("qwen2", { use_sliding_window: false, sliding_window: 3, max_window_layers: 0 })).toEqual([null, null]);
    expect(await windows("qwen2", { use_sliding_window: true, sliding_window: 3, layer_types: ["sliding_attention", "full_attention"] })).toEqual([3, null]);
  });

  it("mistral: every layer", async () => {
    expect(await windows("mistral", {})).toEqual([4096, 4096]);
  });
});

describe("registry", () => {
  it("maps every fixture to its family by model_type or architectures[0]", async () => {
    for (const arch of FIXTURE_ARCHS) {
      const raw = await config(arch);
      expect(resolveFamily(raw).family).toBe(arch);
      expect(resolveFamily({ architectures: raw.architectures }).family).toBe(arch);
    }
  });

  it("refuses encoder-only models saying why, and unknown decoders naming them", () => {
    expect(() => resolveFamily({ model_type: "bert", architectures: ["BertModel"] })).toThrow(
      expect.objectContaining({ code: "INCOMPATIBLE", message: expect.stringMatching(/bert.*encoder.*no causal residual stream.*gpt2, llama, mistral, qwen2, gpt_neox, phi/s) }),
    );
    expect(() => resolveFamily({ model_type: "falcon", architectures: ["FalconForCausalLM"] })).toThrow(
      expect.objectContaining({ code: "INCOMPATIBLE", message: expect.stringContaining("falcon (FalconForCausalLM)") }),
    );
  });

  it("refuses options the graph does not implement", async () => {
    expect(() => resolveFamily({ model_type: "phi", qk_layernorm: true })).toThrow(expect.objectContaining({ code: "INCOMPATIBLE", message: expect.stringContaining("qk_layernorm") }));
    const llama3Scaling = { ...(await config("llama")), rope_scaling: { rope_type: "llama3", factor: 8 } };
    expect(() => describeModel(llama3Scaling, [])).toThrow(expect.objectContaining({ code: "INCOMPATIBLE", message: expect.stringContaining("llama3") }));
  });
});

describe("describeModel and classifyTensors", () => {
  it.each(FIXTURE_ARCHS)("%s: every checkpoint tensor gets a role; linears keep their stored layout", async (arch) => {
    const roled = classifyTensors(await config(arch), await tensors(arch));
    expect(roled.filter((t) => t.role === "other")).toEqual([]);
    const byName = new Map(roled.map((t) => [t.name, t]));
    const linear = arch === "gpt2" ? "transformer.h.0.mlp.c_fc.weight" : arch === "gpt_neox" ? "gpt_neox.layers.0.mlp.dense_h_to_4h.weight" : arch === "phi" ? "model.layers.0.mlp.fc1.weight" : "model.layers.0.mlp.up_proj.weight";
    expect(byName.get(linear)).toMatchObject({ role: "block_linear", layout: arch === "gpt2" ? "in_out" : "out_in" });
    expect(roled.some((t) => t.role === "embedding")).toBe(true);
    expect(roled.some((t) => t.role === "lm_head")).toBe(arch !== "gpt2" && arch !== "qwen2"); // tied in these fixtures
  });

  it("settings differ by family, not code: residual, norm, rotary, biases", async () => {
    const d = async (arch: FixtureArch) => describeModel(await config(arch), await tensors(arch));
    expect(await d("gpt_neox")).toMatchObject({ parallelResidual: true, sharedNorm: false, rotary: { dim: 4 }, norm: { kind: "layernorm" } });
    expect(await d("phi")).toMatchObject({ parallelResidual: true, sharedNorm: true, rotary: { dim: 8 }, lmHeadBias: true });
    expect(await d("qwen2")).toMatchObject({ parallelResidual: false, norm: { kind: "rmsnorm" }, attention: { qkvBias: true, outBias: false }, tiedEmbeddings: true });
    expect(await d("gpt2")).toMatchObject({ positions: "learned", rotary: null, mlp: { activation: "gelu_tanh", gated: false } });
    const sequentialNeox = describeModel({ ...(await config("gpt_neox")), use_parallel_residual: false }, await tensors("gpt_neox"));
    expect(sequentialNeox.parallelResidual).toBe(false);
  });

  it("a missing tensor or a wrong shape names the tensor and both shapes", async () => {
    const list = await tensors("mistral");
    const mistral = await config("mistral");
    const without = list.filter((t) => t.name !== "model.norm.weight");
    expect(() => describeModel(mistral, without)).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", message: expect.stringContaining('"model.norm.weight"') }));
    const reshaped = list.map((t) => (t.name === "model.layers.1.mlp.down_proj.weight" ? { ...t, shape: [160, 64] } : t));
    expect(() => describeModel(mistral, reshaped)).toThrow(/model\.layers\.1\.mlp\.down_proj\.weight" has shape \[160, 64\], expected \[64, 160\]/);
  });
});
