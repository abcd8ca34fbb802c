import { describe, expect, it } from "vitest";
import { blockLinearBytes, FORMAT_SPECS, parseQuantizationFormat, QUANTIZATION_FORMATS } from "./formats.ts";

describe("formats", () => {
  it("parses names case-insensitively and refuses unknown ones", () => {
    expect(parseQuantizationFormat("q4")).toBe("Q4");
    expect(parseQuantizationFormat(" fp16 ")).toBe("FP16");
    expect(parseQuantizationFormat("Q3")).toBeUndefined();
  });

  it("stores a Q2 block linear in 2-bit codes, not 4", () => {
    const q2 = FORMAT_SPECS.Q2.block!;
    const q4 = FORMAT_SPECS.Q4.block!;
    expect(q2.bits).toBe(2);
    // [64, 64] with 32-wide blocks: 64 rows × 2 blocks; codes 8 B/block (2-bit) vs 16 B (4-bit)
    const rows = 64, blocks = 2;
    expect(blockLinearBytes(64, 64, q2)).toBe(rows * blocks * 8 + rows * blocks * 4 + rows * 1);
    expect(blockLinearBytes(64, 64, q4)).toBe(rows * blocks * 16 + rows * blocks * 4 + rows * 1);
  });

  it("pads K to whole blocks", () => {
    const q8 = FORMAT_SPECS.Q8.block!;
    expect(blockLinearBytes(1, 33, q8)).toBe(2 * 32 + 2 * 4 + 2);
  });

  it("falls back towards higher precision only", () => {
    const order = QUANTIZATION_FORMATS;
    for (const f of order) {
      const next = FORMAT_SPECS[f].fallback;
      if (next) expect(order.indexOf(next)).toBeLessThan(order.indexOf(f));
    }
  });
});
