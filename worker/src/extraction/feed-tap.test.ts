import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { float16ToFloat32, float32ToFloat16 } from "../engine/quant/float16.ts";
import { feedTap, type TapBatch } from "./feed-tap.ts";
import { NpyWriter, type NpyDType } from "./npy.ts";
import { TapStatistics } from "./statistics.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "feed-tap-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const [ROWS, SEQ, HIDDEN, BATCHES] = [5, 6, 8, 2];

/** Per row: how many pad positions on the left and on the right (row 3 is all padding). */
const PADDING: Array<[number, number]> = [[0, 0], [2, 0], [0, 3], [0, 6], [1, 1]];

function batchOf(index: number, dtype: NpyDType): TapBatch {
  let state = 7 + index;
  const random = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32) * 4 - 2;
  const float32 = Float32Array.from({ length: ROWS * SEQ * HIDDEN }, random);
  const attentionMask = new BigInt64Array(ROWS * SEQ);
  PADDING.forEach(([left, right], r) => {
    for (let p = left; p < SEQ - right; p++) attentionMask[r * SEQ + p] = 1n;
  });
  const data = dtype === "float16" ? float32ToFloat16(float32) : float32;
  const values = data instanceof Uint16Array ? float16ToFloat32(data) : data;
  return { data, values, attentionMask, rows: ROWS, seq: SEQ, firstSample: index * ROWS };
}

/** Feeds the same batches with a given slice size; returns what the statistics and the file hold. */
async function feedAll(name: string, dtype: NpyDType, sliceBytes: number) {
  const writer = await NpyWriter.create(path.join(dir, `${name}.npy`), dtype, [ROWS * BATCHES, SEQ, HIDDEN]);
  const statistics = new TapStatistics(HIDDEN, 7);
  for (let b = 0; b < BATCHES; b++) feedTap(batchOf(b, dtype), statistics, writer, sliceBytes);
  const closed = await writer.close();
  return { summary: statistics.summary(), sha256: closed.sha256, bytes: await readFile(closed.path) };
}

describe("feedTap", () => {
  describe.each(["float32", "float16"] as const)("%s", (dtype) => {
    const rowBytes = SEQ * HIDDEN * (dtype === "float16" ? 2 : 4);

    it.each([
      ["one row", 1],
      ["two rows (the last slice is shorter)", 2 * rowBytes],
      ["three rows and a bit", 3 * rowBytes + 5],
    ])("slices of %s give the file and statistics of one slice per batch", async (_label, sliceBytes) => {
      const whole = await feedAll("whole", dtype, Number.MAX_SAFE_INTEGER);
      const sliced = await feedAll("sliced", dtype, sliceBytes);
      expect(sliced.bytes.equals(whole.bytes)).toBe(true);
      expect(sliced.sha256).toBe(whole.sha256);
      expect(sliced.summary).toEqual(whole.summary);
    });
  });

  it("counts real tokens only and names each top activation by its own sample", async () => {
    const { summary } = await feedAll("sliced", "float32", 1);
    const realPerBatch = PADDING.reduce((n, [left, right]) => n + Math.max(0, SEQ - left - right), 0);
    expect(summary.tokens).toBe(BATCHES * realPerBatch);
    const batches = Array.from({ length: BATCHES }, (_, b) => batchOf(b, "float32"));
    for (const top of summary.topK) {
      const batch = batches[Math.floor(top.sample / ROWS)];
      const r = top.sample % ROWS;
      expect(batch.attentionMask[r * SEQ + top.position]).toBe(1n);
      const start = (r * SEQ + top.position) * HIDDEN;
      const norm = Math.hypot(...batch.values.subarray(start, start + HIDDEN));
      expect(top.norm).toBeCloseTo(norm, 4);
    }
  });
});
