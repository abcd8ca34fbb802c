import { describe, expect, it } from "vitest";
import { transpose } from "./transpose.ts";

describe("transpose", () => {
  it("moves element (r, c) to (c, r) for shapes that do and do not fill whole tiles", () => {
    for (const [rows, cols] of [[1, 1], [3, 5], [64, 64], [130, 67], [1, 200]]) {
      const src = Float32Array.from({ length: rows * cols }, (_, i) => i);
      const out = transpose(src, rows, cols);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (out[c * rows + r] !== src[r * cols + c]) expect.fail(`${rows}×${cols}: (${r}, ${c})`);
      expect(Array.from(transpose(out, cols, rows))).toEqual(Array.from(src));
    }
  });

  it("rejects a length that does not match the shape", () => {
    expect(() => transpose(new Float32Array(5), 2, 3)).toThrow(expect.objectContaining({ code: "INTERNAL" }));
  });
});
