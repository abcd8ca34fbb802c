/**
 * The in-place and shared-memory paths the converter relies on (convert/, safetensors/): decoding
 * into a buffer whose upper half holds the source, encoding fp16 over the source's own memory,
 * and the pool reading a SharedArrayBuffer weight without copying it.
 */
import { describe, expect, it } from "vitest";
import { quantizeBlockwise } from "./blockwise.ts";
import { bfloat16ToFloat32, float16ToFloat32, float32ToFloat16 } from "./float16.ts";
import { createQuantPool } from "./pool.ts";

/** A float32 buffer whose upper half holds `patterns`, as the checkpoint reader lays it out. */
function upperHalf(patterns: Uint16Array): { out: Float32Array; src: Uint16Array } {
  const out = new Float32Array(patterns.length);
  const src = new Uint16Array(out.buffer, patterns.length * 2, patterns.length);
  src.set(patterns);
  return { out, src };
}

const patterns = (length: number) => Uint16Array.from({ length }, (_, i) => (i * 40503 + 7) & 0x7bff); // finite fp16 and bf16 patterns

describe.each([1000, 1001])("in-place decode of %i elements", (length) => {
  it.each([
    ["bfloat16", bfloat16ToFloat32],
    ["float16", float16ToFloat32],
  ] as const)("%s into the buffer holding its source equals a fresh decode", (_, decode) => {
    const expected = decode(patterns(length));
    const { out, src } = upperHalf(patterns(length));
    decode(src, out);
    expect(out).toEqual(expected);
  });
});

describe("in-place fp16 encode", () => {
  it("over the source's own memory equals a fresh encode", () => {
    const values = Float32Array.from({ length: 999 }, (_, i) => Math.sin(i) * 300);
    const expected = float32ToFloat16(values);
    expect(float32ToFloat16(values, new Uint16Array(values.buffer, 0, values.length))).toEqual(expected);
  });
});

describe("pool on shared memory", () => {
  it("quantizes a SharedArrayBuffer weight in place, byte-identical to the kernel, leaving the weight intact", async () => {
    const [n, k] = [700, 96];
    const weight = new Float32Array(new SharedArrayBuffer(n * k * 4));
    for (let i = 0; i < weight.length; i++) weight[i] = Math.cos(i * 0.61) * 0.05;
    const copy = Float32Array.from(weight);
    const pool = createQuantPool(2);
    try {
      const q = await pool.quantize(weight.subarray(k), n - 1, k, 4, 32); // an offset view, as a chunk of a larger buffer
      const expected = quantizeBlockwise(copy.subarray(k), n - 1, k, 4, 32);
      expect(q.packed).toEqual(expected.packed);
      expect(q.scales).toEqual(expected.scales);
      expect(q.zeroPoints).toEqual(expected.zeroPoints);
      expect(weight).toEqual(copy);
    } finally {
      await pool.close();
    }
  });
});
