/**
 * The packed layout is only right if onnxruntime agrees: a one-node MatMulNBits graph fed with
 * quantizeBlockwise's arrays must compute A @ dequantize(W)ᵀ (accuracy_level 0 is
 * dequantize-then-matmul, ORT.md §1).
 */
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { DataType, encodeModel } from "../onnx/model.ts";
import { dequantizeBlockwise, quantizeBlockwise } from "./blockwise.ts";

function matMulNBitsModel(q: ReturnType<typeof quantizeBlockwise>): Uint8Array {
  const blocksPerRow = Math.ceil(q.k / q.blockSize);
  const bytes = (array: ArrayBufferView) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  return encodeModel({
    irVersion: 8,
    producerName: "quant-test",
    opsetImports: [
      { domain: "", version: 17 },
      { domain: "com.microsoft", version: 1 },
    ],
    graph: {
      name: "matmulnbits",
      nodes: [
        {
          name: "mm",
          opType: "MatMulNBits",
          domain: "com.microsoft",
          inputs: ["A", "B", "scales", "zero_points"],
          outputs: ["Y"],
          attributes: {
            K: { kind: "int", value: q.k },
            N: { kind: "int", value: q.n },
            bits: { kind: "int", value: q.bits },
            block_size: { kind: "int", value: q.blockSize },
            accuracy_level: { kind: "int", value: 0 },
          },
        },
      ],
      initializers: [
        { name: "B", dataType: DataType.UINT8, dims: [q.n, blocksPerRow, (q.blockSize * q.bits) / 8], raw: q.packed },
        { name: "scales", dataType: DataType.FLOAT, dims: [q.n * blocksPerRow], raw: bytes(q.scales) },
        { name: "zero_points", dataType: DataType.UINT8, dims: [q.zeroPoints.length], raw: q.zeroPoints },
      ],
      inputs: [{ name: "A", elemType: DataType.FLOAT, dims: ["m", q.k] }],
      outputs: [{ name: "Y", elemType: DataType.FLOAT, dims: ["m", q.n] }],
    },
  });
}

describe("MatMulNBits in onnxruntime-node with our packed weights", () => {
  for (const bits of [2, 4, 8] as const) {
    it(`${bits}-bit, K = 100 (padded to whole blocks), N = 7: output equals A @ dequantize(W)ᵀ`, async () => {
      const m = 3;
      const k = 100;
      const n = 7;
      const w = Float32Array.from({ length: n * k }, (_, i) => (i % 23 === 0 ? 0 : Math.sin(i * 12.9898) * 0.5));
      w.fill(0, 0, 32); // one all-zero block
      const a = Float32Array.from({ length: m * k }, (_, i) => Math.cos(i * 78.233));
      const q = quantizeBlockwise(w, n, k, bits, 32);
      const dq = dequantizeBlockwise(q);

      const session = await ort.InferenceSession.create(matMulNBitsModel(q), { executionProviders: ["cpu"], intraOpNumThreads: 1 });
      const { Y } = await session.run({ A: new ort.Tensor("float32", a, [m, k]) });
      await session.release();

      expect(Y.dims).toEqual([m, n]);
      const y = Y.data as Float32Array;
      let worst = 0;
      for (let row = 0; row < m; row++) {
        for (let col = 0; col < n; col++) {
          let expected = 0;
          let magnitude = 0;
          let exact = 0;
          let quantizationBound = 0;
          for (let i = 0; i < k; i++) {
            expected += a[row * k + i] * dq[col * k + i];
            magnitude += Math.abs(a[row * k + i] * dq[col * k + i]);
            exact += a[row * k + i] * w[col * k + i];
            quantizationBound += Math.abs(a[row * k + i]) * 0.5 * q.scales[col * Math.ceil(k / 32) + Math.floor(i / 32)];
          }
          worst = Math.max(worst, Math.abs(y[row * n + col] - expected) / magnitude);
          // And against the unquantized weight: each element is off by at most scale/2.
          expect(Math.abs(y[row * n + col] - exact)).toBeLessThanOrEqual(quantizationBound * (1 + 1e-5));
        }
      }
      // float32 accumulation over K = 100 terms: relative to Σ|a·w| stays near 1e-7.
      expect(worst).toBeLessThan(1e-6);
    });
  }
});
