import { describe, expect, it } from "vitest";
import { BELOW, MAX_ABS, SLOTS, SPARSITY_THRESHOLD, SQUARES, SUM, tokenMoments } from "./moments.ts";

/** The definitions, written out naively with separate passes. */
function reference(values: Float32Array, hidden: number, token: number): number[] {
  const row = Array.from(values.subarray(token * hidden, (token + 1) * hidden));
  const sum = row.reduce((s, v) => s + v, 0);
  const squares = row.reduce((s, v) => s + v * v, 0);
  const maxAbs = row.reduce((m, v) => (Math.abs(v) > m ? Math.abs(v) : m), 0);
  const below = row.filter((v) => Math.abs(v) < SPARSITY_THRESHOLD).length;
  return [sum, squares, maxAbs, below];
}

function randomValues(length: number): Float32Array {
  let state = 7;
  const next = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
  // Some values just around the sparsity threshold, some exactly zero.
  return Float32Array.from({ length }, (_, i) => (i % 97 === 0 ? 0 : i % 13 === 0 ? (next() - 0.5) * 4e-3 : (next() - 0.5) * 6));
}

describe("tokenMoments", () => {
  it.each([576, 30])("hidden %i: equals the definitions for every token, from an offset, NaN included", (hidden) => {
    const tokens = 300;
    const values = randomValues(tokens * hidden);
    const first = 3;
    values[first * hidden + 5] = NaN;
    values[(first + 1) * hidden + 3] = -40;
    const count = tokens - first;
    const out = new Float64Array(count * SLOTS);
    tokenMoments(values, hidden, first, count, out);
    for (let t = 0; t < count; t++) {
      const o = t * SLOTS;
      expect([out[o + SUM], out[o + SQUARES], out[o + MAX_ABS], out[o + BELOW]]).toEqual(reference(values, hidden, first + t));
    }
    expect(out[MAX_ABS]).toBeGreaterThan(0); // the NaN token still reports its largest real magnitude
    expect(out[SLOTS + MAX_ABS]).toBe(40);
  });
});
