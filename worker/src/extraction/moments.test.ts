import { describe, expect, it } from "vitest";
import { BELOW, float32Ceiling, MAX_ABS, SLOTS, SPARSITY_THRESHOLD, SQUARES, SUM, tokenMoments } from "./moments.ts";

/** The definitions, written out naively with separate passes in float64. */
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

/** The float32 values on either side of the threshold: the test `|a| < threshold` splits them. */
const justBelowThreshold = (() => {
  const bits = new Float32Array([float32Ceiling(SPARSITY_THRESHOLD)]);
  new Int32Array(bits.buffer)[0] -= 1;
  return bits[0];
})();

function expectMoments(values: Float32Array, hidden: number, first: number, count: number): Float64Array {
  const out = new Float64Array(count * SLOTS);
  tokenMoments(values, hidden, first, count, out);
  for (let t = 0; t < count; t++) {
    const o = t * SLOTS;
    const [sum, squares, maxAbs, below] = reference(values, hidden, first + t);
    // Sums: float64 in a different order (four lanes), so equal to rounding, not bit for bit.
    if (Number.isNaN(sum)) expect(out[o + SUM]).toBeNaN();
    else expect(Math.abs(out[o + SUM] - sum)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(sum)));
    if (Number.isNaN(squares)) expect(out[o + SQUARES]).toBeNaN();
    else expect(Math.abs(out[o + SQUARES] - squares)).toBeLessThanOrEqual(1e-12 * squares);
    expect([out[o + MAX_ABS], out[o + BELOW]]).toEqual([maxAbs, below]);
  }
  return out;
}

describe("tokenMoments", () => {
  // 576: 455 tokens per kernel call, so 1000 tokens cross two chunk boundaries; 30 and 7 are not
  // multiples of the 4 lanes (the remainder goes one by one).
  it.each([576, 30, 7])("hidden %i: equals the definitions for every token, from an offset, NaN included", (hidden) => {
    const tokens = 1000;
    const values = randomValues(tokens * hidden);
    const first = 3;
    values[first * hidden + 5] = NaN;
    values[(first + 1) * hidden + 3] = -40;
    values[(first + 2) * hidden + hidden - 1] = -50; // in the remainder when hidden % 4 ≠ 0
    values[(first + 3) * hidden + 1] = float32Ceiling(SPARSITY_THRESHOLD);
    values[(first + 3) * hidden + 2] = -justBelowThreshold;
    const out = expectMoments(values, hidden, first, tokens - first);
    expect(out[SUM]).toBeNaN();
    expect(out[MAX_ABS]).toBeGreaterThan(0); // the NaN token still reports its largest real magnitude
    expect(out[SLOTS + MAX_ABS]).toBe(40);
    expect(out[2 * SLOTS + MAX_ABS]).toBe(50);
  });

  it("handles a token larger than one kernel call's chunk (the module's memory grows)", () => {
    expectMoments(randomValues(3 * 300_001), 300_001, 0, 3);
  });
});

describe("float32Ceiling", () => {
  it("is the threshold's float32 when that is not below it, else the next float32 up", () => {
    expect(float32Ceiling(1e-3)).toBe(Math.fround(1e-3)); // rounds up already
    expect(Math.fround(0.7)).toBeLessThan(0.7);
    const up = float32Ceiling(0.7);
    expect(up).toBeGreaterThan(0.7);
    expect(Math.fround(up)).toBe(up);
    expect(up - Math.fround(0.7)).toBe(2 ** -24); // one float32 step at 0.5..1
  });
});
