import { describe, expect, it } from "vitest";
import { autoTemplateName, defaultSettings, resolveLayers, validateSettings } from "./extractionSettings.ts";

describe("extraction settings", () => {
  it("names templates like the server", () => {
    const at = new Date(2026, 10, 26, 9, 5);
    expect(autoTemplateName({ ...defaultSettings(12), layers: [3, 7, 5], maxSamples: 500 }, at)).toBe("residual_layers3-7_500samples_0905");
    expect(autoTemplateName({ ...defaultSettings(12), layers: [4], hookTypes: ["MLP"] }, at)).toBe("mlp_layer4_allsamples_0905");
  });
  it("resolves relative layer selections against the model's depth", () => {
    expect(resolveLayers({ every: 4 }, 12)).toEqual([0, 4, 8]);
    expect(resolveLayers({ lastPercent: 25 }, 12)).toEqual([9, 10, 11]);
    expect(resolveLayers({ explicit: [1, 40] }, 12)).toEqual([1]);
  });
  it("reports every problem that blocks a start", () => {
    const bad = { ...defaultSettings(4), layers: [], hookTypes: [], batchSize: 3, topK: 5, sequenceLength: 5000 };
    expect(validateSettings(bad, { numLayers: 4, maxPositions: 2048 }, "")).toEqual([
      "Choose a ready dataset.",
      "Select at least one layer.",
      "Select at least one hook type.",
      "Batch size must be a power of 2 from 1 to 512.",
      "Sequence length must be between 1 and the model's context (2048).",
      "Top-k must be between 10 and 1000.",
    ]);
    expect(validateSettings(defaultSettings(4), { numLayers: 4, maxPositions: 2048 }, "d1")).toEqual([]);
  });
});
