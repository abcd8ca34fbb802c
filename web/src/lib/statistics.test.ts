import { describe, expect, it } from "vitest";
import { readStatistics } from "./statistics.ts";

describe("readStatistics", () => {
  const expected = [
    { layer: 0, hook: "residual", mean: -0.5, maxAbs: 4, sparsity: 0.1 },
    { layer: 1, hook: "mlp", mean: 0.25, maxAbs: 2, sparsity: 0.3 },
  ];
  it("reads the worker's statistics.json (taps keyed by file name)", () => {
    const json = {
      sparsityThreshold: 0.001,
      scope: "real tokens only",
      taps: {
        layer_1_mlp: { layer: 1, hook: "MLP", transformerLens: "blocks.1.hook_mlp_out", tokens: 9, mean: 0.25, std: 1, maxAbs: 2, sparsity: 0.3, meanNorm: 3, topK: [] },
        layer_0_residual: { layer: 0, hook: "RESIDUAL", transformerLens: "blocks.0.hook_resid_post", tokens: 9, mean: -0.5, std: 1, maxAbs: 4, sparsity: 0.1, meanNorm: 5, topK: [] },
      },
    };
    expect(readStatistics(json)).toEqual(expected);
  });
  it("reads snake_case entries keyed layer_{L}_{hook}, and lists", () => {
    expect(readStatistics({ layer_1_mlp: { mean: 0.25, max_abs: 2, sparsity: 0.3 }, layer_0_residual: { mean: -0.5, max_abs: 4, sparsity: 0.1 } })).toEqual(expected);
    expect(readStatistics([{ layer: 1, hook: "mlp", mean: 0.25, maxAbs: 2, sparsity: 0.3 }])).toEqual([expected[1]]);
  });
  it("gives nothing for shapes it does not know", () => {
    expect(readStatistics(null)).toEqual([]);
    expect(readStatistics({ provisional: true })).toEqual([]);
  });
});
