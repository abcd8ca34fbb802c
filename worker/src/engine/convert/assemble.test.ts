/**
 * Assembling canonical weights into reused buffers: every element written whatever the buffer
 * held before, matching an independent assembly from whole-tensor reads, for each way a family
 * stores its linears; and the scratch buffers' reuse rules.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureModelDir } from "../../../../test/support/fixtures.ts";
import { describeModel } from "../architectures/describe.ts";
import { openCheckpoint } from "../safetensors/index.ts";
import { assembleWeightInto } from "./assemble.ts";
import { ScratchBuffers } from "./scratch.ts";

describe("ScratchBuffers", () => {
  it("hands back a given buffer of the same length, allocates otherwise, and holds at most maxFree", () => {
    const buffers = new ScratchBuffers(2);
    const a = buffers.take(10);
    expect(a.length).toBe(10);
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    buffers.give(a);
    expect(buffers.take(12)).not.toBe(a);
    expect(buffers.take(10)).toBe(a);
    const [b, c, d] = [buffers.take(3), buffers.take(4), buffers.take(5)];
    [b, c, d].forEach((x) => buffers.give(x));
    expect(buffers.take(3)).not.toBe(b); // the least recently given was dropped
    expect(buffers.take(5)).toBe(d);
  });
});

/** The weight assembled the plain way: whole tensors, transposed/concatenated/reordered by index arithmetic. */
function independentAssembly(sources: Float32Array[], layouts: string[], rowWidth: number, interleave?: { numHeads: number; headDim: number }): Float32Array {
  const rows: Float32Array[] = [];
  sources.forEach((values, s) => {
    const count = values.length / rowWidth;
    for (let r = 0; r < count; r++) {
      rows.push(layouts[s] === "in_out" ? Float32Array.from({ length: rowWidth }, (_, c) => values[c * count + r]!) : values.subarray(r * rowWidth, (r + 1) * rowWidth));
    }
  });
  const ordered = interleave
    ? rows.map((_, r) => {
        const [part, head, i] = [Math.floor(r / (interleave.numHeads * interleave.headDim)), Math.floor(r / interleave.headDim) % interleave.numHeads, r % interleave.headDim];
        return rows[(head * 3 + part) * interleave.headDim + i]!;
      })
    : rows;
  const out = new Float32Array(ordered.length * rowWidth);
  ordered.forEach((row, r) => out.set(row, r * rowWidth));
  return out;
}

describe.each([
  ["llama", "layers.1.attn.qkv.weight"], // q, k, v concatenated
  ["gpt2", "layers.0.attn.qkv.weight"], // Conv1D [in, out], transposed
  ["gpt_neox", "layers.0.attn.qkv.weight"], // head-interleaved rows reordered
] as const)("assembleWeightInto %s %s", (arch, key) => {
  it("fills a dirty reused buffer exactly as an independent assembly does", async () => {
    const checkpoint = await openCheckpoint(fixtureModelDir(arch));
    try {
      const d = describeModel(JSON.parse(await readFile(path.join(fixtureModelDir(arch), "config.json"), "utf8")), [...checkpoint.tensors.values()]);
      const weight = d.weights.find((w) => w.key === key)!;
      const buffers = new ScratchBuffers(4);
      const target = buffers.take(weight.shape[0]! * weight.shape[1]!).fill(NaN);
      await assembleWeightInto(checkpoint, weight, target, buffers);
      const sources = await Promise.all(weight.sources.map((s) => checkpoint.readFloat32(s.name)));
      const expected = independentAssembly(sources, weight.sources.map((s) => s.layout), weight.shape[1]!, weight.headInterleaved);
      expect(target).toEqual(expected);
    } finally {
      await checkpoint.close();
    }
  });
});
