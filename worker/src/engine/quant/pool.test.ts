import { afterAll, describe, expect, it } from "vitest";
import { quantizeBlockwise } from "./blockwise.ts";
import { createQuantPool } from "./pool.ts";

function randomWeight(length: number, seed: number): Float32Array {
  let state = seed;
  const w = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    w[i] = (state / 2 ** 32 - 0.5) * (i % 97 === 0 ? 0 : 0.2);
  }
  return w;
}

const pool = createQuantPool(2);
afterAll(() => pool.close());

describe("createQuantPool", () => {
  it("gives byte-identical results to the single-threaded kernel, over several chunks and concurrent calls", async () => {
    // [2300, 1100] float32 is 10 MB: more than one 8 MiB chunk, with a short last chunk.
    const shapes = [
      [2300, 1100, 4],
      [7, 100, 2],
      [300, 2048, 8],
      [1, 32, 4],
    ] as const;
    const weights = shapes.map(([n, k], i) => randomWeight(n * k, i + 1));
    const results = await Promise.all(shapes.map(([n, k, bits], i) => pool.quantize(weights[i], n, k, bits, 32)));
    shapes.forEach(([n, k, bits], i) => {
      const single = quantizeBlockwise(weights[i], n, k, bits, 32);
      const pooled = results[i];
      expect({ bits: pooled.bits, blockSize: pooled.blockSize, n: pooled.n, k: pooled.k }).toEqual({ bits, blockSize: 32, n, k });
      expect(Buffer.compare(Buffer.from(pooled.packed), Buffer.from(single.packed)), `packed of [${n}, ${k}]`).toBe(0);
      expect(Buffer.compare(Buffer.from(pooled.zeroPoints), Buffer.from(single.zeroPoints)), `zero points of [${n}, ${k}]`).toBe(0);
      expect(Buffer.compare(Buffer.from(pooled.scales.buffer), Buffer.from(single.scales.buffer)), `scales of [${n}, ${k}]`).toBe(0);
    });
    // The caller's weight is copied, not transferred away.
    expect(weights[0].length).toBe(2300 * 1100);
  });

  it("reports a kernel error as the same CodedError, naming the row in the whole weight", async () => {
    const n = 4000;
    const k = 1024;
    const w = randomWeight(n * k, 9);
    w[3500 * k + 70] = NaN; // in the second chunk
    await expect(pool.quantize(w, n, k, 4, 32)).rejects.toMatchObject({ code: "BAD_USER_INPUT", message: expect.stringContaining("row 3500, block 2") });
    // The pool keeps working afterwards.
    const ok = await pool.quantize(randomWeight(64, 3), 2, 32, 4, 32);
    expect(ok.scales.length).toBe(2);
  });

  it("rejects an invalid request before any thread sees it, and any call after close", async () => {
    await expect(pool.quantize(new Float32Array(11), 2, 5, 4, 32)).rejects.toMatchObject({ code: "INTERNAL" });
    const closing = createQuantPool(1);
    await closing.close();
    await expect(closing.quantize(new Float32Array(32), 1, 32, 4, 32)).rejects.toMatchObject({ code: "INTERNAL", message: expect.stringContaining("closed") });
  });
});
