import { describe, expect, it } from "vitest";
import type { BlockQuantized } from "../contracts.ts";
import { dequantizeBlockwise, quantizeBlockwise, type QuantBits } from "./blockwise.ts";

/**
 * Independent float64 reference of the documented math, written per element with Math calls:
 * lo = min(0, min w), hi = max(0, max w), s = fp32((hi − lo)/qmax), z = floor(−lo/s + 0.5),
 * q = clamp(floor(w/s + z + 0.5)); an all-zero block gives s = 1, z = 0, q = 0.
 * It also reports how close each rounding was to a .5 boundary, where the kernel's w·(1/s) may
 * legitimately land on the other side of w/s.
 */
function referenceBlock(values: readonly number[], bits: number) {
  const qmax = 2 ** bits - 1;
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  let scale = Math.fround((hi - lo) / qmax);
  let zeroPoint = 0;
  let zeroPointTie = false;
  if (scale === 0) scale = 1;
  else {
    const exact = -lo / scale;
    zeroPoint = Math.min(qmax, Math.floor(exact + 0.5));
    zeroPointTie = Math.abs(exact - Math.floor(exact) - 0.5) < 1e-9;
  }
  const codes = values.map((w) => Math.max(0, Math.min(qmax, Math.floor(w / scale + zeroPoint + 0.5))));
  const ties = values.map((w) => {
    const x = w / scale + zeroPoint;
    return Math.abs(x - Math.floor(x) - 0.5) < 1e-9;
  });
  return { scale, zeroPoint, zeroPointTie, codes, ties };
}

/** Reads code j of block `block` straight from the packed bytes (lower bits first). */
function unpackCode(q: BlockQuantized, block: number, j: number): number {
  const bytesPerBlock = (q.blockSize * q.bits) / 8;
  const bit = j * q.bits;
  return (q.packed[block * bytesPerBlock + Math.floor(bit / 8)] >> bit % 8) & (2 ** q.bits - 1);
}
function unpackZeroPoint(q: BlockQuantized, row: number, b: number): number {
  const blocks = Math.ceil(q.k / q.blockSize);
  const bytesPerRow = Math.ceil((blocks * q.bits) / 8);
  const bit = b * q.bits;
  return (q.zeroPoints[row * bytesPerRow + Math.floor(bit / 8)] >> bit % 8) & (2 ** q.bits - 1);
}

/** A deterministic weight with the awkward blocks every quantizer must survive. */
function awkwardWeight(n: number, k: number, seed: number): Float32Array {
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const w = new Float32Array(n * k);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < k; c++) {
      const kind = r % 6;
      w[r * k + c] =
        kind === 0 ? 0 // all-zero row: every block all zero
        : kind === 1 ? 0.25 + random() * 0.01 // all positive, far from zero
        : kind === 2 ? -3 - random() // all negative
        : kind === 3 ? (c % 37 === 0 ? 1e-3 : 0) // single spikes in zero blocks
        : kind === 4 ? (random() - 0.5) * 1e-30 // tiny magnitudes
        : (random() - 0.5) * (c < k / 2 ? 0.1 : 100); // mixed scales along the row
    }
  }
  return w;
}

describe("quantizeBlockwise against a float64 reference", () => {
  for (const bits of [2, 4, 8] as const) {
    for (const [n, k, blockSize] of [
      [12, 256, 32],
      [12, 100, 32], // K padded to 4 blocks
      [6, 200, 64],
      [6, 48, 16],
    ] as const) {
      it(`${bits}-bit, [${n}, ${k}], block ${blockSize}: same scales, zero points and codes; error ≤ scale/2 everywhere`, () => {
        const w = awkwardWeight(n, k, n * k + bits);
        const q = quantizeBlockwise(w, n, k, bits as QuantBits, blockSize);
        const blocksPerRow = Math.ceil(k / blockSize);
        expect(q.packed.length).toBe((n * blocksPerRow * blockSize * bits) / 8);
        expect(q.scales.length).toBe(n * blocksPerRow);
        expect(q.zeroPoints.length).toBe(n * Math.ceil((blocksPerRow * bits) / 8));

        const dequantized = dequantizeBlockwise(q);
        let worst = { ratio: 0, row: -1, block: -1 };
        let codeMismatches = 0;
        for (let r = 0; r < n; r++) {
          for (let b = 0; b < blocksPerRow; b++) {
            const begin = b * blockSize;
            const values = Array.from(w.subarray(r * k + begin, r * k + Math.min(k, begin + blockSize)));
            const ref = referenceBlock(values, bits);
            const block = r * blocksPerRow + b;
            expect(q.scales[block]).toBe(ref.scale);
            expect(Number.isFinite(q.scales[block]) && q.scales[block] > 0).toBe(true);
            if (!ref.zeroPointTie) expect(unpackZeroPoint(q, r, b)).toBe(ref.zeroPoint);
            for (let j = 0; j < blockSize; j++) {
              const code = unpackCode(q, block, j);
              if (j >= values.length) expect(code, "padding decodes to 0").toBe(unpackZeroPoint(q, r, b));
              else if (!ref.ties[j] && code !== ref.codes[j]) codeMismatches++;
            }
            for (let j = 0; j < values.length; j++) {
              const error = Math.abs(dequantized[r * k + begin + j] - values[j]);
              const ratio = error / ref.scale;
              if (ratio > worst.ratio) worst = { ratio, row: r, block: b };
            }
          }
        }
        console.log(`${bits}-bit [${n},${k}] bs${blockSize}: worst |dequant − w| = ${worst.ratio.toFixed(7)} × scale (row ${worst.row}, block ${worst.block})`);
        expect(codeMismatches).toBe(0);
        expect(worst.ratio).toBeLessThanOrEqual(0.5 + 1e-6);
      });
    }
  }

  it("decodes all-zero blocks to exact zeros with scale 1 and zero point 0", () => {
    const q = quantizeBlockwise(new Float32Array(2 * 64), 2, 64, 4, 32);
    expect(Array.from(q.scales)).toEqual([1, 1, 1, 1]);
    expect(Array.from(q.zeroPoints)).toEqual([0, 0]);
    expect(dequantizeBlockwise(q).every((v) => Object.is(v, 0))).toBe(true);
  });

  it("packs the earlier element in the lower bits (hand-checked 4-bit block)", () => {
    // Block [0, 1, …, 15, then 16 × 15]: lo 0, hi 15, scale 1, zero point 0, codes equal the values.
    const row = Float32Array.from({ length: 32 }, (_, i) => Math.min(i, 15));
    const q = quantizeBlockwise(row, 1, 32, 4, 32);
    expect(q.scales[0]).toBe(1);
    expect(q.zeroPoints[0]).toBe(0);
    expect(Array.from(q.packed.subarray(0, 8))).toEqual([0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe]);
    expect(Array.from(q.packed.subarray(8))).toEqual(new Array(8).fill(0xff));
  });

  it("clamps the top code when the zero point rounds up at a tie", () => {
    // lo = −0.5, hi = 14.5: scale 1, −lo/scale = 0.5 rounds up to z = 1, so 14.5 maps to 16 before the clamp.
    const row = new Float32Array(32);
    row[0] = -0.5;
    row[1] = 14.5;
    const q = quantizeBlockwise(row, 1, 32, 4, 32);
    expect([q.scales[0], q.zeroPoints[0]]).toEqual([1, 1]);
    expect(q.packed[0]).toBe(0xf1); // codes 1 (for −0.5) and 15 (for 14.5), lower bits first
    expect(Array.from(dequantizeBlockwise(q).subarray(0, 3))).toEqual([0, 14, 0]);
  });

  it("rejects non-finite weights and impossible requests with coded errors", () => {
    const w = new Float32Array(64);
    w[40] = NaN;
    expect(() => quantizeBlockwise(w, 1, 64, 4, 32)).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", message: expect.stringContaining("row 0, block 1") }));
    w[40] = -Infinity;
    expect(() => quantizeBlockwise(w, 2, 32, 8, 32)).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT" }));
    expect(() => quantizeBlockwise(new Float32Array(64), 1, 64, 3 as QuantBits, 32)).toThrow(expect.objectContaining({ code: "INTERNAL" }));
    expect(() => quantizeBlockwise(new Float32Array(64), 1, 64, 4, 24)).toThrow(expect.objectContaining({ code: "INTERNAL" }));
    expect(() => quantizeBlockwise(new Float32Array(63), 1, 64, 4, 32)).toThrow(expect.objectContaining({ code: "INTERNAL" }));
  });
});
