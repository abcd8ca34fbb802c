import { describe, expect, it } from "vitest";
import type { RepoFile } from "./list-repo-files.ts";
import { selectWeightsAndCompanions, shardFiles } from "./select-download-files.ts";

const file = (path: string): RepoFile => ({ path, size: 1, gitOid: "0".repeat(40) });

describe("selectWeightsAndCompanions", () => {
  it("takes model.safetensors and the companion files at the top level only, never pickles", () => {
    const tree = ["config.json", "model.safetensors", "pytorch_model.bin", "tokenizer.json", "merges.txt", "README.md", "onnx/model.onnx", "original/tokenizer.model"].map(file);
    const selection = selectWeightsAndCompanions("o/m", tree);
    expect(selection.weightsPath).toBe("model.safetensors");
    expect(selection.companions.map((f) => f.path)).toEqual(["config.json", "tokenizer.json", "merges.txt"]);
  });

  it("prefers the sharded index and maps shard names back to tree entries", () => {
    const tree = ["config.json", "model.safetensors.index.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"].map(file);
    const { weightsPath } = selectWeightsAndCompanions("o/m", tree);
    expect(weightsPath).toBe("model.safetensors.index.json");
    const shards = shardFiles("o/m", tree, weightsPath, ["model-00002-of-00002.safetensors", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]);
    expect(shards.map((f) => f.path)).toEqual(["model.safetensors.index.json", "model-00002-of-00002.safetensors", "model-00001-of-00002.safetensors"]);
    expect(() => shardFiles("o/m", tree, weightsPath, ["model-00003-of-00003.safetensors"])).toThrow(expect.objectContaining({ code: "INCOMPATIBLE" }));
  });

  it("refuses pickle-only repos with the weights_only reason, and repos without config.json", () => {
    expect(() => selectWeightsAndCompanions("o/m", ["config.json", "pytorch_model.bin"].map(file))).toThrow(/weights_only/);
    expect(() => selectWeightsAndCompanions("o/m", ["config.json", "README.md"].map(file))).toThrow(expect.objectContaining({ code: "INCOMPATIBLE" }));
    expect(() => selectWeightsAndCompanions("o/m", ["model.safetensors"].map(file))).toThrow(/config\.json/);
  });
});
