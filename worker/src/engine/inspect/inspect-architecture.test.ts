import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURE_ARCHS, fixtureModelDir, type FixtureArch } from "../../../../test/support/fixtures.ts";
import type { TensorInfo } from "../contracts.ts";
import { compareArchitectures, inspectArchitecture } from "./inspect-architecture.ts";

/** Config and tensor list straight from the fixture's files (independent of the safetensors reader). */
async function loadFixture(arch: FixtureArch): Promise<{ config: Record<string, unknown>; tensors: TensorInfo[] }> {
  const dir = fixtureModelDir(arch);
  const config = JSON.parse(await readFile(path.join(dir, "config.json"), "utf8")) as Record<string, unknown>;
  const raw = await readFile(path.join(dir, "model.safetensors"));
  const header = JSON.parse(raw.subarray(8, 8 + Number(raw.readBigUInt64LE(0))).toString("utf8")) as Record<string, { dtype: "F32"; shape: number[]; data_offsets: [number, number] }>;
  const tensors = Object.entries(header)
    .filter(([name]) => name !== "__metadata__")
    .map(([name, t]) => ({ name, dtype: t.dtype, shape: t.shape, file: "model.safetensors", byteLength: t.data_offsets[1] - t.data_offsets[0] }));
  return { config, tensors };
}

async function inspectFixture(arch: FixtureArch) {
  const { config, tensors } = await loadFixture(arch);
  return inspectArchitecture(config, tensors);
}

const size = (t: TensorInfo) => t.shape.reduce((a, b) => a * b, 1);

describe("inspectArchitecture on the fixtures", () => {
  for (const arch of FIXTURE_ARCHS) {
    it(`${arch}: parameter count is the sum of tensor sizes, split over Embedding, blocks, FinalNorm, OutputHead`, async () => {
      const { config, tensors } = await loadFixture(arch);
      const record = inspectArchitecture(config, tensors);
      expect(record.supported).toBe(true);
      expect(record.parameterCount).toBe(tensors.reduce((n, t) => n + size(t), 0));
      expect(record.layers.reduce((n, l) => n + l.parameterCount, 0)).toBe(record.parameterCount);
      expect(record.layers.map((l) => l.name)).toEqual([
        "Embedding",
        ...Array.from({ length: record.numLayers }, (_, i) => `TransformerBlock_${i}`),
        "FinalNorm",
        record.tiedEmbeddings ? "OutputHead (tied to Embedding)" : "OutputHead",
      ]);
      expect(record.layers.map((l) => l.index)).toEqual(record.layers.map((_, i) => i));
      expect(JSON.parse(JSON.stringify(record))).toEqual(record); // plain JSON for the JSONB column
      expect(record.config).toEqual(config);
    });
  }

  it("llama: the full record, hand-checked", async () => {
    const { config, tensors } = await loadFixture("llama");
    const record = inspectArchitecture(config, tensors);
    const { layers, config: raw, ...fields } = record;
    expect(raw.model_type).toBe("llama");
    expect(fields).toEqual({
      modelType: "llama",
      architectures: ["LlamaForCausalLM"],
      supported: true,
      numLayers: 2,
      hiddenSize: 64,
      numHeads: 4,
      numKvHeads: 2,
      headDim: 16,
      intermediateSize: 128,
      vocabSize: 322,
      maxPositions: 128,
      activation: "silu",
      normType: "rmsnorm",
      normEpsilon: 1e-5,
      ropeTheta: 500000,
      rotaryDim: 16,
      parallelResidual: false,
      tiedEmbeddings: false,
      // 2 × 322·64 tables, 2 blocks, final norm 64
      parameterCount: 2 * 20608 + 2 * 36992 + 64,
    });
    // Block: q 64·64, k 32·64, v 32·64, o 64·64, gate/up 128·64, down 64·128, two norms of 64 = 36992.
    expect(layers[1]).toEqual({ index: 1, kind: "TransformerBlock", name: "TransformerBlock_0", parameterCount: 36992, attention: "4 heads × 16 (2 kv heads)", mlp: "64 → 128 → 64 (SwiGLU)" });
    expect(layers.map((l) => l.parameterCount)).toEqual([20608, 36992, 36992, 64, 20608]);
  });

  it("gpt2 (tied, learned positions), gpt_neox (parallel, partial rotary) and phi (head bias) specifics", async () => {
    const gpt2 = await inspectFixture("gpt2");
    expect([gpt2.normType, gpt2.ropeTheta, gpt2.rotaryDim, gpt2.tiedEmbeddings]).toEqual(["layernorm", null, null, true]);
    expect(gpt2.layers[0].parameterCount).toBe(321 * 64 + 128 * 64); // wte + wpe
    expect(gpt2.layers.at(-1)?.parameterCount).toBe(0); // the tied head has no parameters of its own
    expect(gpt2.layers[1]).toMatchObject({ attention: "4 heads × 16", mlp: "64 → 256 → 64 (gelu_new)" });

    const neox = await inspectFixture("gpt_neox");
    expect([neox.parallelResidual, neox.rotaryDim, neox.ropeTheta]).toEqual([true, 4, 10000]);

    const phi = await inspectFixture("phi");
    expect([phi.rotaryDim, phi.parallelResidual]).toEqual([8, true]);
    expect(phi.layers.at(-1)?.parameterCount).toBe(352 * 80 + 352); // lm_head weight + bias
  });

  it("does not count tensors the model never reads (GPT-2's cached mask buffers)", async () => {
    const { config, tensors } = await loadFixture("gpt2");
    const withBuffer = [...tensors, { name: "transformer.h.0.attn.bias", dtype: "F32" as const, shape: [1, 1, 128, 128], file: "model.safetensors", byteLength: 65536 }];
    expect(inspectArchitecture(config, withBuffer).parameterCount).toBe(inspectArchitecture(config, tensors).parameterCount);
  });

  it("inspects an unsupported (encoder) model too: supported false, blocks by layer index, the rest in one entry", () => {
    const config = { model_type: "bert", architectures: ["BertForMaskedLM"], hidden_size: 8, num_attention_heads: 2, num_hidden_layers: 2, intermediate_size: 32, vocab_size: 10, max_position_embeddings: 16, hidden_act: "gelu", layer_norm_eps: 1e-12 };
    const t = (name: string, shape: number[]): TensorInfo => ({ name, shape, dtype: "F32", file: "model.safetensors", byteLength: 4 * shape.reduce((a, b) => a * b, 1) });
    const tensors = [t("bert.embeddings.word_embeddings.weight", [10, 8]), t("bert.encoder.layer.0.attention.self.query.weight", [8, 8]), t("bert.encoder.layer.1.output.dense.weight", [8, 32]), t("cls.predictions.bias", [10])];
    const record = inspectArchitecture(config, tensors);
    expect(record.supported).toBe(false);
    expect(record.normType).toBe("layernorm");
    expect(record.parameterCount).toBe(80 + 64 + 256 + 10);
    expect(record.layers.map((l) => [l.kind, l.parameterCount])).toEqual([
      ["TransformerBlock", 64],
      ["TransformerBlock", 256],
      ["Other", 90],
    ]);
  });
});

describe("compareArchitectures", () => {
  it("lists exactly the fields that differ", async () => {
    const llama = await inspectFixture("llama");
    const mistral = await inspectFixture("mistral");
    expect(compareArchitectures(llama, llama)).toEqual([]);
    expect(compareArchitectures(llama, mistral)).toEqual([
      { field: "modelType", a: "llama", b: "mistral" },
      { field: "intermediateSize", a: 128, b: 160 },
      { field: "vocabSize", a: 322, b: 323 },
      { field: "ropeTheta", a: 500000, b: 10000 },
      { field: "parameterCount", a: llama.parameterCount, b: mistral.parameterCount },
    ]);
    expect(llama.parameterCount).not.toBe(mistral.parameterCount);
  });

  it("reads a missing record (a model not inspected yet) as null in every field", async () => {
    const llama = await inspectFixture("llama");
    expect(compareArchitectures(null, null)).toEqual([]);
    expect(compareArchitectures(null, llama)).toContainEqual({ field: "modelType", a: null, b: "llama" });
    expect(compareArchitectures(null, llama).every((row) => row.a === null && row.b !== null)).toBe(true);
  });
});
