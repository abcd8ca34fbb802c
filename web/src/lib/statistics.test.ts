import { describe, expect, it } from "vitest";
import { readStatistics } from "./statistics.ts";

describe("readStatistics", () => {
  const expected = [
    { layer: 0, hook: "residual", meanMagnitude: 0.5, maxMagnitude: 4, sparsity: 0.1 },
    { layer: 1, hook: "mlp", meanMagnitude: 0.25, maxMagnitude: 2, sparsity: 0.3 },
  ];
  it("reads files keyed layer_{L}_{hook} with snake_case fields", () => {
    const json = {
      layer_1_mlp: { mean_magnitude: 0.25, max_magnitude: 2, sparsity: 0.3 },
      layer_0_residual: { mean_magnitude: 0.5, max_magnitude: 4, sparsity: 0.1, top_k: [] },
    };
    expect(readStatistics(json)).toEqual(expected);
  });
  it("reads lists of entries with camelCase fields", () => {
    const json = { entries: [{ layer: 0, hook: "RESIDUAL", meanMagnitude: 0.5, maxMagnitude: 4, sparsity: 0.1 }, { layer: 1, hook: "MLP", meanMagnitude: 0.25, maxMagnitude: 2, sparsity: 0.3 }] };
    expect(readStatistics(json)).toEqual(expected);
  });
  it("gives nothing for shapes it does not know", () => {
    expect(readStatistics(null)).toEqual([]);
    expect(readStatistics({ version: 1 })).toEqual([]);
  });
});
