import { describe, expect, it } from "vitest";
import { bfloat16ToFloat32, float16ToFloat32, float32ToFloat16 } from "./float16.ts";

/** Independent fp16 decoder (float64 arithmetic on the fields), used as the reference below. */
function referenceHalf(h: number): number {
  const sign = h >> 15 ? -1 : 1;
  const e = (h >> 10) & 31;
  const m = h & 1023;
  if (e === 31) return m ? NaN : sign * Infinity;
  return e === 0 ? sign * m * Math.pow(2, -24) : sign * Math.pow(2, e - 15) * (1 + m / 1024);
}

function float32FromBits(bits: number): number {
  return new Float32Array(new Uint32Array([bits]).buffer)[0];
}

const allPatterns = Uint16Array.from({ length: 0x10000 }, (_, h) => h);
const isNaNPattern = (h: number) => (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;

describe("float16", () => {
  it("decodes every fp16 pattern like the reference", () => {
    const decoded = float16ToFloat32(allPatterns);
    for (let h = 0; h < 0x10000; h++) {
      if (isNaNPattern(h)) expect(decoded[h]).toBeNaN();
      else if (decoded[h] !== referenceHalf(h)) expect.fail(`pattern 0x${h.toString(16)}: ${decoded[h]} ≠ ${referenceHalf(h)}`);
    }
  });

  it("encodes every fp16 value back to its own pattern", () => {
    const finiteOrInf = allPatterns.filter((h) => !isNaNPattern(h));
    const encoded = float32ToFloat16(float16ToFloat32(finiteOrInf));
    expect(Array.from(encoded)).toEqual(Array.from(finiteOrInf));
  });

  it("rounds to nearest with ties to even at every midpoint between neighbouring fp16 values", () => {
    // Positive finite patterns 0 … 0x7bff; midpoints need 12 significant bits, exact in fp32.
    const mids: number[] = [];
    const expected: number[] = [];
    for (let h = 0; h < 0x7bff; h++) {
      const lo = referenceHalf(h);
      const hi = referenceHalf(h + 1);
      const mid = (lo + hi) / 2;
      // One fp32 ulp either side of the midpoint must go to the nearer neighbour.
      const midBits = new Uint32Array(new Float32Array([mid]).buffer)[0];
      mids.push(mid, float32FromBits(midBits - 1), float32FromBits(midBits + 1));
      expected.push(h % 2 === 0 ? h : h + 1, h, h + 1);
    }
    const encoded = float32ToFloat16(new Float32Array(mids));
    const negatives = float32ToFloat16(new Float32Array(mids.map((v) => -v)));
    for (let i = 0; i < mids.length; i++) {
      if (encoded[i] !== expected[i]) expect.fail(`${mids[i]} → 0x${encoded[i].toString(16)}, expected 0x${expected[i].toString(16)}`);
      if (negatives[i] !== (expected[i] | 0x8000)) expect.fail(`${-mids[i]} → 0x${negatives[i].toString(16)}`);
    }
  });

  it("overflows to infinity, underflows to zero and keeps NaN", () => {
    const encoded = float32ToFloat16(new Float32Array([65519.99, 65520, 1e9, -1e9, 2 ** -25, 2 ** -25 * 1.0001, 1e-10, -0, Infinity, NaN]));
    expect(Array.from(encoded.subarray(0, 9))).toEqual([0x7bff, 0x7c00, 0x7c00, 0xfc00, 0x0000, 0x0001, 0x0000, 0x8000, 0x7c00]);
    expect(isNaNPattern(encoded[9])).toBe(true);
  });
});

describe("bfloat16", () => {
  it("decodes by placing the pattern in the upper half of a float32", () => {
    const values = new Float32Array([1, -2, 3.140625, 0, -0, Infinity, 1.5e-38]);
    const patterns = new Uint16Array(new Uint32Array(values.buffer).map((bits) => bits >>> 16));
    expect(Array.from(bfloat16ToFloat32(patterns))).toEqual([1, -2, 3.140625, 0, -0, Infinity, float32FromBits(new Uint32Array(values.buffer)[6] & 0xffff0000)]);
  });
});
