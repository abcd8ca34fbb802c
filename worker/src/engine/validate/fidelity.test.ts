import { describe, expect, it } from "vitest";
import { compareActivations } from "./fidelity.ts";
import { makeProbe } from "./probe.ts";

describe("compareActivations", () => {
  it("measures relative error, cosine and max abs error over real tokens only", () => {
    const mask = BigInt64Array.from([1n, 1n, 0n]); // three tokens of width 2; the last is padding
    const expected = Float32Array.from([3, 4, 0, 0, 100, 100]);
    const actual = Float32Array.from([3, 4.5, 0, 0, -7, 9]);
    const c = compareActivations(actual, expected, mask);
    expect(c.maxAbsError).toBeCloseTo(0.5, 12);
    expect(c.relativeError).toBeCloseTo(0.5 / 5, 12);
    expect(c.cosineSimilarity).toBeCloseTo((9 + 18) / (5 * Math.sqrt(9 + 20.25)), 12);
  });

  it("is exact for identical inputs", () => {
    const x = Float32Array.from([1, -2, 3, 4]);
    expect(compareActivations(x, x, BigInt64Array.from([1n, 1n]))).toEqual({ relativeError: 0, cosineSimilarity: 1, maxAbsError: 0 });
  });
});

describe("makeProbe", () => {
  it("is fixed, inside the vocabulary, and has a left-padded row", () => {
    const probe = makeProbe(50);
    expect(makeProbe(50)).toEqual(probe);
    expect(Array.from(probe.inputIds).every((id) => id >= 0n && id < 50n)).toBe(true);
    expect(probe.attentionMask[probe.sequence]).toBe(0n);
    expect(probe.realTokens).toBe(Array.from(probe.attentionMask).filter((m) => m === 1n).length);
  });
});
