import { describe, expect, it } from "vitest";
import { SPARSITY_THRESHOLD, TapStatistics } from "./statistics.ts";

describe("TapStatistics", () => {
  // 2 samples × 3 positions × hidden 2; the last position of sample 1 is padding with huge values.
  const values = new Float32Array([3, 4, 0, 0.0001, -1, 1, 6, 8, 0.5, -0.5, 100, 100]);
  const mask = new BigInt64Array([1n, 1n, 1n, 1n, 1n, 0n]);

  it("computes mean, std, max |a|, sparsity and norms over real tokens only", () => {
    const s = new TapStatistics(2, 3);
    s.add(values, mask, 2, 3, 10);
    const sum = s.summary();
    const real = [3, 4, 0, 0.0001, -1, 1, 6, 8, 0.5, -0.5].map((v) => Math.fround(v));
    const mean = real.reduce((a, b) => a + b, 0) / real.length;
    expect(sum.tokens).toBe(5);
    expect(sum.mean).toBeCloseTo(mean, 12);
    expect(sum.std).toBeCloseTo(Math.sqrt(real.reduce((a, b) => a + (b - mean) ** 2, 0) / real.length), 9);
    expect(sum.maxAbs).toBe(8);
    expect(sum.sparsity).toBe(real.filter((v) => Math.abs(v) < SPARSITY_THRESHOLD).length / real.length);
    expect(sum.topK).toEqual([
      { sample: 11, position: 0, norm: 10 },
      { sample: 10, position: 0, norm: 5 },
      { sample: 10, position: 2, norm: Math.SQRT2 },
    ]);
  });

  it("keeps a bounded heap whose result does not depend on how batches were split, and survives a snapshot", () => {
    const n = 500;
    const hidden = 4;
    const data = new Float32Array(n * hidden).map((_, i) => Math.sin(i * 12.9898) * 43758.5453 % 7);
    const ones = new BigInt64Array(n).fill(1n);
    const whole = new TapStatistics(hidden, 10);
    whole.add(data, ones, n, 1, 0);
    let split = new TapStatistics(hidden, 10);
    for (let start = 0; start < n; start += 64) {
      const rows = Math.min(64, n - start);
      split.add(data.subarray(start * hidden, (start + rows) * hidden), ones.subarray(start, start + rows), rows, 1, start);
      split = new TapStatistics(hidden, 10, JSON.parse(JSON.stringify(split.snapshot())));
    }
    expect(split.summary().topK).toEqual(whole.summary().topK);
    expect(split.summary().maxAbs).toBe(whole.summary().maxAbs);
    const norms = Array.from({ length: n }, (_, r) => Math.hypot(...data.subarray(r * hidden, r * hidden + hidden)));
    expect(whole.summary().topK.map((t) => t.sample)).toEqual(norms.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]).slice(0, 10).map((x) => x[1]));
  });

  it("keeps the earlier token on equal norms and nothing with top-k 0", () => {
    const s = new TapStatistics(1, 1);
    s.add(new Float32Array([2, 2, 2]), new BigInt64Array([1n, 1n, 1n]), 1, 3, 0);
    expect(s.summary().topK).toEqual([{ sample: 0, position: 0, norm: 2 }]);
    const none = new TapStatistics(1, 0);
    none.add(new Float32Array([2]), new BigInt64Array([1n]), 1, 1, 0);
    expect(none.summary().topK).toEqual([]);
  });
});
