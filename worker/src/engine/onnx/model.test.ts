import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { DataType, encodeModel } from "./model.ts";
import { ProtoWriter } from "./protobuf.ts";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("protobuf primitives", () => {
  it("encodes varints, negative int64, floats and strings as the wire format specifies", () => {
    expect(hex(new ProtoWriter().varint(1, 300).finish())).toBe("08ac02");
    expect(hex(new ProtoWriter().varint(3, -1).finish())).toBe("18ffffffffffffffffff01");
    expect(hex(new ProtoWriter().float(2, 1).finish())).toBe("150000803f");
    expect(hex(new ProtoWriter().string(1, "ab").finish())).toBe("0a026162");
    expect(hex(new ProtoWriter().packedVarints(1, [3, 270]).finish())).toBe("0a03038e02");
  });
});

describe("encodeModel", () => {
  it("writes a model ORT loads, with an inline and an external initializer and attributes", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "onnx-test-"));
    try {
      await writeFile(path.join(dir, "w.data"), Buffer.from(new Float32Array([0, 0, 10, 20, 30]).buffer)); // tensor at offset 8
      const model = encodeModel({
        irVersion: 8,
        producerName: "test",
        opsetImports: [{ domain: "", version: 17 }],
        graph: {
          name: "g",
          nodes: [
            { name: "/add", opType: "Add", domain: "", inputs: ["x", "w"], outputs: ["sum"], attributes: {} },
            { name: "/mul", opType: "Mul", domain: "", inputs: ["sum", "two"], outputs: ["scaled"], attributes: {} },
            { name: "/softmax", opType: "Softmax", domain: "", inputs: ["scaled"], outputs: ["y"], attributes: { axis: { kind: "int", value: -1 } } },
          ],
          initializers: [
            { name: "w", dataType: DataType.FLOAT, dims: [3], external: { location: "w.data", offset: 8, length: 12 } },
            { name: "two", dataType: DataType.FLOAT, dims: [], raw: new Uint8Array(new Float32Array([2]).buffer) },
          ],
          inputs: [{ name: "x", elemType: DataType.FLOAT, dims: ["n", 3] }],
          outputs: [{ name: "y", elemType: DataType.FLOAT, dims: ["n", 3] }],
        },
      });
      await writeFile(path.join(dir, "m.onnx"), model);
      const session = await ort.InferenceSession.create(path.join(dir, "m.onnx"));
      const { y } = await session.run({ x: new ort.Tensor("float32", new Float32Array([1, 1, 1]), [1, 3]) });
      await session.release();
      // softmax(2 * ([1,1,1] + [10,20,30])) = softmax([22, 42, 62])
      const z = [22, 42, 62].map((v) => Math.exp(v - 62));
      const total = z.reduce((a, b) => a + b, 0);
      Array.from(y!.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(z[i]! / total, 6));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
