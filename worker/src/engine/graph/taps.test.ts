/**
 * The FP32 graph's taps against (a) the HuggingFace reference activations shipped with the gpt2
 * and llama fixtures and (b) an independent float64 forward written from the HF modeling files,
 * for all six fixture families; plus padding invariance and truncated / float16 tap graphs.
 */
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOOK_TYPES, HOOKS, tapName } from "../../../../contracts/src/index.ts";
import { fixtureModelDir, FIXTURE_ARCHS, REFERENCE_SETS, referenceDir, type FixtureArch, type ReferenceSet } from "../../../../test/support/fixtures.ts";
import { readNpy } from "../../extraction/npy.ts";
import { convertCheckpoint } from "../convert/convert.ts";
import { float16ToFloat32 } from "../quant/float16.ts";
import { openCheckpoint } from "../safetensors/index.ts";
import { compareActivations } from "../validate/fidelity.ts";
import { ensureTapGraph, tapGraphFileName } from "./tap-graph.ts";
import { MODEL_FILE } from "./manifest.ts";
import { loadWeights, referenceForward } from "./testing/reference-forward.ts";
import { flatMask, runGraph, type Batch } from "./testing/run-graph.ts";

const TOLERANCE = { maxAbs: 2e-4, relative: 1e-5, cosine: 0.99999 };

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, mask: BigInt64Array, what: string) {
  const c = compareActivations(actual, expected, mask);
  expect(c.maxAbsError, `${what} max abs`).toBeLessThanOrEqual(TOLERANCE.maxAbs);
  expect(c.relativeError, `${what} relative`).toBeLessThanOrEqual(TOLERANCE.relative);
  expect(c.cosineSimilarity, `${what} cosine`).toBeGreaterThanOrEqual(TOLERANCE.cosine);
}

/** An input set of a reference fixture (gpt2's ids are valid in every fixture vocabulary). */
async function inputSet(set: ReferenceSet, from: "gpt2" | "llama" = "gpt2"): Promise<Batch> {
  const json = JSON.parse(await readFile(path.join(referenceDir(from, set), "inputs.json"), "utf8")) as { input_ids: number[][]; attention_mask: number[][] };
  return { ids: json.input_ids, mask: json.attention_mask };
}

let workDir: string;
const variants = new Map<FixtureArch, string>();

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "taps-test-"));
  for (const arch of FIXTURE_ARCHS) {
    const outDir = path.join(workDir, `${arch}_FP32`);
    await convertCheckpoint({ rawDir: fixtureModelDir(arch), outDir, format: "FP32", tempDir: path.join(workDir, "temp") });
    variants.set(arch, outDir);
  }
}, 300_000); // six conversions, each validated in a child process
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe.each(["gpt2", "llama"] as const)("%s FP32 taps vs HuggingFace reference activations", (arch) => {
  it.each(REFERENCE_SETS)("%s inputs", async (set) => {
    const dir = referenceDir(arch, set);
    const batch = await inputSet(set, arch);
    expect(BigInt64Array.from(batch.ids.flat().map(BigInt))).toEqual((await readNpy(path.join(dir, "input_ids.npy"))).data);
    const outputs = await runGraph(path.join(variants.get(arch)!, MODEL_FILE), batch);
    for (let layer = 0; layer < 2; layer++) {
      for (const hook of HOOK_TYPES) {
        const expected = await readNpy(path.join(dir, `layer_${layer}_${HOOKS[hook].file}.npy`));
        expectClose(outputs.get(tapName(layer, hook))!.data as Float32Array, expected.data as Float32Array, flatMask(batch), `${arch} ${set} ${tapName(layer, hook)}`);
      }
    }
  });

  it("the float64 test reference agrees with HuggingFace too (so it can be trusted for the other families)", async () => {
    const checkpoint = await openCheckpoint(fixtureModelDir(arch));
    const raw = JSON.parse(await readFile(path.join(fixtureModelDir(arch), "config.json"), "utf8"));
    const batch = await inputSet("left_padded", arch);
    const reference = referenceForward(raw, await loadWeights(checkpoint), batch.ids, batch.mask);
    await checkpoint.close();
    const expected = await readNpy(path.join(referenceDir(arch, "left_padded"), "layer_1_residual.npy"));
    expectClose(Float32Array.from(reference.get(tapName(1, "RESIDUAL"))!), expected.data as Float32Array, flatMask(batch), `${arch} reference`);
  });
});

describe.each(FIXTURE_ARCHS)("%s FP32 taps vs the float64 reference forward", (arch) => {
  it.each(REFERENCE_SETS)("%s inputs", async (set) => {
    const checkpoint = await openCheckpoint(fixtureModelDir(arch));
    const raw = JSON.parse(await readFile(path.join(fixtureModelDir(arch), "config.json"), "utf8"));
    const batch = await inputSet(set);
    const reference = referenceForward(raw, await loadWeights(checkpoint), batch.ids, batch.mask);
    await checkpoint.close();
    const outputs = await runGraph(path.join(variants.get(arch)!, MODEL_FILE), batch);
    expect(reference.size).toBe(3 * (raw.num_hidden_layers ?? raw.n_layer));
    for (const [name, expected] of reference) {
      expectClose(outputs.get(name)!.data as Float32Array, expected, flatMask(batch), `${arch} ${set} ${name}`);
    }
  });

  it("gives the same activations at real tokens whether rows are unpadded, right- or left-padded", async () => {
    const plain = await runGraph(path.join(variants.get(arch)!, MODEL_FILE), await inputSet("plain"));
    const right = await runGraph(path.join(variants.get(arch)!, MODEL_FILE), await inputSet("right_padded"));
    const leftBatch = await inputSet("left_padded");
    const left = await runGraph(path.join(variants.get(arch)!, MODEL_FILE), leftBatch);
    const seq = leftBatch.ids[0]!.length;
    let compared = 0;
    for (const name of plain.keys()) {
      if (name === "logits") continue;
      const width = plain.get(name)!.dims[2]!;
      const at = (t: Map<string, { data: unknown }>, row: number, pos: number) => (t.get(name)!.data as Float32Array).subarray((row * seq + pos) * width, (row * seq + pos + 1) * width);
      leftBatch.mask.forEach((rowMask, row) => {
        const real = rowMask.reduce((a, b) => a + b, 0);
        for (let pos = 0; pos < real; pos++) {
          const expected = at(plain, row, pos);
          for (const actual of [at(right, row, pos), at(left, row, seq - real + pos)]) {
            const maxAbs = actual.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i]!)), 0);
            expect(maxAbs, `${name} row ${row} token ${pos}`).toBeLessThanOrEqual(TOLERANCE.maxAbs);
            compared++;
          }
        }
      });
    }
    expect(compared).toBeGreaterThan(0);
  });
});

describe("qwen2 sliding window on layers ≥ max_window_layers", () => {
  it("matches the float64 reference with a window shorter than the input", async () => {
    const rawDir = path.join(workDir, "qwen2-window");
    await mkdir(rawDir);
    await symlink(path.join(fixtureModelDir("qwen2"), "model.safetensors"), path.join(rawDir, "model.safetensors"));
    const raw = { ...JSON.parse(await readFile(path.join(fixtureModelDir("qwen2"), "config.json"), "utf8")), use_sliding_window: true, sliding_window: 3, max_window_layers: 1 };
    await writeFile(path.join(rawDir, "config.json"), JSON.stringify(raw));
    const outDir = path.join(workDir, "qwen2-window_FP32");
    await convertCheckpoint({ rawDir, outDir, format: "FP32", tempDir: path.join(workDir, "temp"), measureFidelity: false });
    const batch = await inputSet("left_padded");
    const checkpoint = await openCheckpoint(rawDir);
    const reference = referenceForward(raw, await loadWeights(checkpoint), batch.ids, batch.mask);
    await checkpoint.close();
    const outputs = await runGraph(path.join(outDir, MODEL_FILE), batch);
    for (const [name, expected] of reference) expectClose(outputs.get(name)!.data as Float32Array, expected, flatMask(batch), `qwen2 window ${name}`);
    // The window really changes layer 1 (and only from layer 1 on): the plain qwen2 graph differs there.
    const unwindowed = await runGraph(path.join(variants.get("qwen2")!, MODEL_FILE), batch);
    const differs = (name: string) => compareActivations(outputs.get(name)!.data as Float32Array, unwindowed.get(name)!.data as Float32Array, flatMask(batch)).maxAbsError > 1e-3;
    expect(differs(tapName(0, "RESIDUAL"))).toBe(false);
    expect(differs(tapName(1, "ATTENTION"))).toBe(true);
  });
});

describe("tap graphs", () => {
  it("a truncated graph (layer 0 only, no LM head) gives exactly the full graph's taps, and is cached", async () => {
    const dir = variants.get("llama")!;
    const request = { taps: HOOK_TYPES.map((hook) => ({ layer: 0, hook })), includeLogits: false, outputDType: "float32" as const };
    const truncated = await ensureTapGraph(dir, request);
    expect(path.dirname(truncated)).toBe(dir);
    expect(path.basename(truncated)).toBe(tapGraphFileName(request));
    expect((await stat(truncated)).size).toBeLessThan((await stat(path.join(dir, MODEL_FILE))).size);
    const batch = await inputSet("left_padded");
    const full = await runGraph(path.join(dir, MODEL_FILE), batch);
    const part = await runGraph(truncated, batch);
    expect([...part.keys()].sort()).toEqual(HOOK_TYPES.map((hook) => tapName(0, hook)).sort());
    for (const [name, tensor] of part) {
      const maxAbs = (tensor.data as Float32Array).reduce((m, v, i) => Math.max(m, Math.abs(v - (full.get(name)!.data as Float32Array)[i]!)), 0);
      expect(maxAbs, name).toBeLessThanOrEqual(1e-6);
    }
    const again = await ensureTapGraph(dir, { ...request, taps: [...request.taps].reverse() });
    expect(again).toBe(truncated);
  });

  it("float16 tap outputs are the float32 taps rounded to half precision", async () => {
    const dir = variants.get("gpt2")!;
    const half = await ensureTapGraph(dir, { taps: [{ layer: 1, hook: "RESIDUAL" }], includeLogits: false, outputDType: "float16" });
    const batch = await inputSet("plain");
    const out = (await runGraph(half, batch)).get(tapName(1, "RESIDUAL"))!;
    expect(out.type).toBe("float16");
    const decoded = float16ToFloat32(out.data as Uint16Array);
    const full = (await runGraph(path.join(dir, MODEL_FILE), batch)).get(tapName(1, "RESIDUAL"))!.data as Float32Array;
    decoded.forEach((v, i) => expect(Math.abs(v - full[i]!)).toBeLessThanOrEqual(Math.abs(full[i]!) * 2 ** -10 + 1e-6));
  });

  it("refuses a layer the model does not have", async () => {
    await expect(ensureTapGraph(variants.get("phi")!, { taps: [{ layer: 2, hook: "MLP" }], includeLogits: false, outputDType: "float32" })).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
    });
  });
});
