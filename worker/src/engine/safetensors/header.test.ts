import { describe, expect, it } from "vitest";
import { describeHeader, MAX_HEADER_BYTES, parseHeaderBytes, readHeaderLength } from "./header.ts";

describe("safetensors header parsing without a file (remote headers)", () => {
  it("describes a header object, sorting tensors by position and keeping metadata", () => {
    const parsed = describeHeader(
      {
        __metadata__: { format: "pt" },
        b: { dtype: "BF16", shape: [2, 3], data_offsets: [16, 28] },
        a: { dtype: "F32", shape: [4], data_offsets: [0, 16] },
        ids: { dtype: "I64", shape: [1], data_offsets: [28, 36] },
      },
      "model-00001-of-00002.safetensors",
    );
    expect(parsed.metadata).toEqual({ format: "pt" });
    expect(parsed.tensors.map((t) => [t.name, t.dtype, t.shape, t.begin, t.end])).toEqual([
      ["a", "F32", [4], 0, 16],
      ["b", "BF16", [2, 3], 16, 28],
      ["ids", "I64", [1], 28, 36],
    ]);
  });

  it("parses header bytes and reads the length prefix within the limits", () => {
    const prefix = new Uint8Array(8);
    new DataView(prefix.buffer).setBigUint64(0, 60n, true);
    expect(readHeaderLength(prefix, "f")).toBe(60);
    expect(() => readHeaderLength(prefix, "f", 50)).toThrow(expect.objectContaining({ code: "INTEGRITY" }));
    new DataView(prefix.buffer).setBigUint64(0, BigInt(MAX_HEADER_BYTES + 1), true);
    expect(() => readHeaderLength(prefix, "f")).toThrow(expect.objectContaining({ code: "INTEGRITY", message: expect.stringContaining("limit") }));
    const bytes = new TextEncoder().encode('{"w":{"dtype":"F16","shape":[3],"data_offsets":[0,6]}}');
    expect(parseHeaderBytes(bytes, "f", 6).tensors[0]).toMatchObject({ name: "w", begin: 0, end: 6 });
    expect(() => parseHeaderBytes(bytes, "f", 5)).toThrow(expect.objectContaining({ code: "INTEGRITY", message: expect.stringContaining('"w"') }));
    expect(() => parseHeaderBytes(new Uint8Array([0x7b, 0xff, 0x7d]), "f")).toThrow(expect.objectContaining({ code: "INTEGRITY" }));
  });
});
