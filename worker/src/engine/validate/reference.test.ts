/**
 * The block-by-block FP32 reference of the fidelity report against the whole FP32 graph: the
 * same taps (within float32 reassociation noise, 1e-5), for a sequential, a learned-position
 * and a parallel-residual family, leaving no scratch files behind.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureModelDir } from "../../../../test/support/fixtures.ts";
import { describeModel } from "../architectures/describe.ts";
import { writeVariant } from "../convert/write-variant.ts";
import { MODEL_FILE } from "../graph/manifest.ts";
import { openCheckpoint } from "../safetensors/index.ts";
import { compareActivations } from "./fidelity.ts";
import { makeProbe, runProbe } from "./probe.ts";
import { referenceTaps } from "./reference.ts";

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "reference-test-"));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe.each(["llama", "gpt2", "phi"] as const)("%s block-by-block FP32 reference", (arch) => {
  it("gives the whole FP32 graph's taps", async () => {
    const rawDir = fixtureModelDir(arch);
    const variantDir = path.join(workDir, `${arch}_FP32`);
    await mkdir(variantDir);
    const checkpoint = await openCheckpoint(rawDir);
    const description = describeModel(JSON.parse(await readFile(path.join(rawDir, "config.json"), "utf8")), [...checkpoint.tensors.values()]);
    await writeVariant({ checkpoint, description, format: "FP32", dir: variantDir, concurrency: 2 });
    await checkpoint.close();

    const probe = makeProbe(description.vocabSize);
    const { outputs: whole } = await runProbe(path.join(variantDir, MODEL_FILE), probe);
    const scratchDir = path.join(workDir, `${arch}_scratch`);
    const blockwise = await referenceTaps(rawDir, scratchDir, probe);

    expect([...blockwise.keys()].sort()).toEqual([...whole.keys()].filter((name) => name !== "logits").sort());
    for (const [name, values] of blockwise) {
      const c = compareActivations(values, whole.get(name)!, probe.attentionMask);
      expect(c.relativeError, name).toBeLessThanOrEqual(1e-5);
    }
    expect(await readdir(scratchDir)).toEqual([]);
  });
});
