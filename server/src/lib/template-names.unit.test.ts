import { describe, expect, it } from "vitest";
import { autoTemplateName, nextFreeName } from "./template-names.ts";

describe("autoTemplateName", () => {
  const at = new Date(2026, 10, 26, 9, 5);
  it("names a layer range", () => {
    expect(autoTemplateName(["RESIDUAL"], { explicit: [0, 4, 8] }, 1000, at)).toBe("residual_layers0-8_1000samples_0905");
  });
  it("names a single layer and unlimited samples", () => {
    expect(autoTemplateName(["MLP", "ATTENTION"], { explicit: [3] }, null, at)).toBe("mlp+attention_layer3_allsamples_0905");
  });
  it("names relative selections by their rule", () => {
    expect(autoTemplateName(["RESIDUAL"], { every: 4 }, 10, at)).toBe("residual_every4_10samples_0905");
    expect(autoTemplateName(["RESIDUAL"], { lastPercent: 25 }, 10, at)).toBe("residual_last25pct_10samples_0905");
  });
});

describe("nextFreeName", () => {
  it("suggests _2, _3 for taken names", () => {
    expect(nextFreeName("a", new Set())).toBe("a");
    expect(nextFreeName("a", new Set(["a"]))).toBe("a_2");
    expect(nextFreeName("a", new Set(["a", "a_2"]))).toBe("a_3");
  });
});
