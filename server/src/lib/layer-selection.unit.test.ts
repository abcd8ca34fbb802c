import { describe, expect, it } from "vitest";
import { CodedError } from "../../../contracts/src/index.ts";
import { parseLayerSelection, resolveLayers } from "./layer-selection.ts";

describe("resolveLayers", () => {
  it("takes every Nth layer from 0", () => {
    expect(resolveLayers({ every: 4 }, 12, "f")).toEqual([0, 4, 8]);
    expect(resolveLayers({ every: 4 }, 13, "f")).toEqual([0, 4, 8, 12]);
    expect(resolveLayers({ every: 1 }, 3, "f")).toEqual([0, 1, 2]);
  });

  it("takes the last N percent, rounding up and never empty", () => {
    expect(resolveLayers({ lastPercent: 25 }, 12, "f")).toEqual([9, 10, 11]);
    expect(resolveLayers({ lastPercent: 25 }, 6, "f")).toEqual([4, 5]);
    expect(resolveLayers({ lastPercent: 1 }, 2, "f")).toEqual([1]);
    expect(resolveLayers({ lastPercent: 100 }, 2, "f")).toEqual([0, 1]);
  });

  it("keeps explicit layers and rejects ones the model lacks, naming the field", () => {
    expect(resolveLayers({ explicit: [0, 2] }, 4, "f")).toEqual([0, 2]);
    const error = (() => {
      try {
        resolveLayers({ explicit: [1, 4, 7] }, 4, "input.layers");
      } catch (e) {
        return e as CodedError;
      }
    })();
    expect(error).toBeInstanceOf(CodedError);
    expect(error?.code).toBe("BAD_USER_INPUT");
    expect(error?.field).toBe("input.layers");
    expect(error?.message).toContain("4, 7");
  });
});

describe("parseLayerSelection", () => {
  it("accepts exactly one form and normalizes explicit lists", () => {
    expect(parseLayerSelection({ explicit: [3, 1, 3] }, "s")).toEqual({ explicit: [1, 3] });
    expect(parseLayerSelection({ every: 2 }, "s")).toEqual({ every: 2 });
    expect(parseLayerSelection({ lastPercent: 50 }, "s")).toEqual({ lastPercent: 50 });
  });

  it.each([
    [{}, "s"],
    [{ explicit: [1], every: 2 }, "s"],
    [{ explicit: [] }, "s.explicit"],
    [{ explicit: [-1] }, "s.explicit"],
    [{ every: 0 }, "s.every"],
    [{ lastPercent: 0 }, "s.lastPercent"],
    [{ lastPercent: 101 }, "s.lastPercent"],
  ])("rejects %j on field %s", (input, field) => {
    expect(() => parseLayerSelection(input, "s")).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", field }));
  });
});
