/**
 * Extraction on the fixture models through the real engine (convertCheckpoint + ensureTapGraph)
 * and the real onnxruntime-node, against the HuggingFace reference activations.
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { access, mkdtemp, readFile, readdir, rm, statfs, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodedError, HOOK_TYPES, tapFileName, type ResolvedExtractionConfig } from "../../../contracts/src/index.ts";
import { fixtureModelDir, referenceDir, type ReferenceSet } from "../../../test/support/fixtures.ts";
import { sha256Of } from "../../../test/support/hash.ts";
import { onTmpfs } from "../../../test/support/tmpfs.ts";
import { convertCheckpoint } from "../engine/convert/convert.ts";
import { importDatasetFile } from "../datasets/import.ts";
import { readNpy } from "./npy.ts";
import { AllocationError, openOrtRunner, type OpenRunner } from "./ort-runner.ts";
import { extractActivations, type ExtractionModel, type TokenSource } from "./pipeline.ts";
import { workDirFor } from "./work-dir.ts";
import type { ExtractionProgress } from "./progress.ts";
import { runExtractionProcess } from "./extraction-process.ts";
import { runExtraction } from "./run.ts";
import { STATE_FILE } from "./state.ts";
import { SPARSITY_THRESHOLD } from "./statistics.ts";

type Arch = "gpt2" | "llama";
const ARCHS: Arch[] = ["gpt2", "llama"];
const FILES = ["residual", "mlp", "attention"] as const;

let root: string;
const variants = new Map<Arch, string>();

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "extract-"));
  for (const arch of ARCHS) {
    const outDir = path.join(root, "models", `${arch}_FP32`);
    await convertCheckpoint({ rawDir: fixtureModelDir(arch), outDir, format: "FP32", tempDir: path.join(root, "temp") });
    variants.set(arch, outDir);
  }
}, 120_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const exists = (p: string) => access(p).then(() => true, () => false);
let counter = 0;
const freshOut = () => path.join(root, "activations", `extraction_${++counter}`);
const tempDir = () => path.join(root, "temp");

async function modelOf(arch: Arch): Promise<ExtractionModel> {
  const config = JSON.parse(await readFile(path.join(fixtureModelDir(arch), "config.json"), "utf8"));
  return {
    modelId: `m-${arch}`,
    repoId: `fixtures/${arch}`,
    revision: null,
    format: "FP32",
    architecture: config.model_type,
    numLayers: config.num_hidden_layers ?? config.n_layer,
    hiddenSize: config.hidden_size ?? config.n_embd,
    maxPositions: config.max_position_embeddings ?? config.n_positions,
  };
}

const baseConfig = (over: Partial<ResolvedExtractionConfig> = {}): ResolvedExtractionConfig => ({
  layers: [0, 1],
  hooks: [...HOOK_TYPES],
  maxSamples: null,
  batchSize: 2,
  sequenceLength: 16,
  topK: 5,
  storageDType: "float32",
  ...over,
});

/** The reference batch's real tokens per row, fed as a source (the padding layout is the pipeline's job). */
async function referenceSource(arch: Arch, set: ReferenceSet): Promise<TokenSource> {
  const dir = referenceDir(arch, set);
  const ids = (await readNpy(path.join(dir, "input_ids.npy"))).data as BigInt64Array;
  const mask = (await readNpy(path.join(dir, "attention_mask.npy"))).data as BigInt64Array;
  const manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8"));
  const seq = manifest.inputs.seq_len as number;
  const rows: number[][] = [];
  for (let r = 0; r < manifest.inputs.batch; r++) {
    const row: number[] = [];
    for (let p = 0; p < seq; p++) if (mask[r * seq + p] === 1n) row.push(Number(ids[r * seq + p]));
    rows.push(row);
  }
  return {
    total: rows.length,
    padTokenId: manifest.inputs.pad_token_id ?? 0,
    identity: `${arch}/${set}`,
    tokenizer: null,
    async *rows(from) {
      yield* rows.slice(from);
    },
  };
}

/** max |a-b|, ||a-b||/||b|| and cosine over the positions where mask = 1. */
function compareAtRealTokens(ours: Float32Array, ref: Float32Array, mask: BigInt64Array, hidden: number) {
  let maxAbs = 0;
  let diff2 = 0;
  let ref2 = 0;
  let ours2 = 0;
  let dot = 0;
  for (let t = 0; t < mask.length; t++) {
    if (mask[t] !== 1n) continue;
    for (let h = 0; h < hidden; h++) {
      const a = ours[t * hidden + h];
      const b = ref[t * hidden + h];
      maxAbs = Math.max(maxAbs, Math.abs(a - b));
      diff2 += (a - b) ** 2;
      ref2 += b * b;
      ours2 += a * a;
      dot += a * b;
    }
  }
  return { maxAbs, relative: Math.sqrt(diff2 / ref2), cosine: dot / Math.sqrt(ref2 * ours2) };
}

/** Statistics recomputed from a .npy file over real tokens, the plain way. */
function plainStatistics(values: Float32Array, mask: BigInt64Array, hidden: number) {
  let n = 0;
  let sum = 0;
  let maxAbs = 0;
  let below = 0;
  const norms: { t: number; norm: number }[] = [];
  for (let t = 0; t < mask.length; t++) {
    if (mask[t] !== 1n) continue;
    let sq = 0;
    for (let h = 0; h < hidden; h++) {
      const v = values[t * hidden + h];
      n++;
      sum += v;
      maxAbs = Math.max(maxAbs, Math.abs(v));
      if (Math.abs(v) < SPARSITY_THRESHOLD) below++;
      sq += v * v;
    }
    norms.push({ t, norm: Math.sqrt(sq) });
  }
  norms.sort((a, b) => b.norm - a.norm);
  return { tokens: norms.length, mean: sum / n, maxAbs, sparsity: below / n, top: norms };
}

describe.each(ARCHS)("%s extraction against the HuggingFace reference", (arch) => {
  it.each(["plain", "right_padded", "left_padded"] as const)("%s: activations, tokens and statistics", async (set) => {
    const outDir = freshOut();
    const model = await modelOf(arch);
    const result = await extractActivations({
      variantDir: variants.get(arch)!,
      model,
      dataset: { datasetId: null, source: `reference ${set}` },
      source: await referenceSource(arch, set),
      config: baseConfig(),
      outDir,
      tempDir: tempDir(),
      paddingSide: set === "left_padded" ? "left" : "right",
    });
    const ref = referenceDir(arch, set);
    const refMask = await readNpy(path.join(ref, "attention_mask.npy"));
    for (const name of ["input_ids.npy", "attention_mask.npy"]) {
      expect(Array.from((await readNpy(path.join(outDir, name))).data as BigInt64Array), name).toEqual(
        Array.from((await readNpy(path.join(ref, name))).data as BigInt64Array),
      );
    }
    const mask = refMask.data as BigInt64Array;
    const hidden = model.hiddenSize;
    for (const layer of [0, 1]) {
      for (const file of FILES) {
        const name = `layer_${layer}_${file}.npy`;
        const ours = await readNpy(path.join(outDir, name));
        expect(ours.shape).toEqual([3, 16, hidden]);
        const reference = (await readNpy(path.join(ref, name))).data as Float32Array;
        const c = compareAtRealTokens(ours.data as Float32Array, reference, mask, hidden);
        expect(c.maxAbs, `${name} max abs`).toBeLessThanOrEqual(2e-4);
        expect(c.relative, `${name} relative`).toBeLessThanOrEqual(1e-5);
        expect(c.cosine, `${name} cosine`).toBeGreaterThanOrEqual(0.99999);

        // Statistics: exactly those of our own file over real tokens, and close to the reference's.
        const entry = result.statistics.taps[name.replace(".npy", "")];
        const mine = plainStatistics(ours.data as Float32Array, mask, hidden);
        const theirs = plainStatistics(reference, mask, hidden);
        expect(entry.tokens).toBe(mask.reduce((a, b) => a + Number(b), 0));
        expect(entry.mean).toBeCloseTo(mine.mean, 9);
        expect(entry.maxAbs).toBe(mine.maxAbs);
        expect(entry.sparsity).toBe(mine.sparsity);
        expect(Math.abs(entry.mean - theirs.mean)).toBeLessThan(1e-5);
        expect(Math.abs(entry.maxAbs - theirs.maxAbs)).toBeLessThan(2e-4);
        expect(entry.topK.map((e) => e.sample * 16 + e.position)).toEqual(mine.top.slice(0, 5).map((x) => x.t));
        for (const top of entry.topK) expect(mask[top.sample * 16 + top.position]).toBe(1n);
      }
    }
    const metadata = JSON.parse(await readFile(path.join(outDir, "metadata.json"), "utf8"));
    expect(metadata.files).toHaveLength(8);
    expect(metadata.files.find((f: { name: string }) => f.name === "layer_1_mlp.npy")).toMatchObject({ shape: [3, 16, hidden], dtype: "float32" });
    for (const file of metadata.files) expect(file.sha256, file.name).toBe(sha256Of(await readFile(path.join(outDir, file.name))));
    expect(await exists(workDirFor(outDir, tempDir()))).toBe(false);
  });
});

describe("runExtraction from an imported dataset", () => {
  it.each(ARCHS)("%s: tokenizes with the model's tokenizer, writes every file and the provenance", async (arch) => {
    const plain = JSON.parse(await readFile(path.join(referenceDir(arch, "plain"), "inputs.json"), "utf8")) as { texts: string[] };
    const upload = path.join(root, `${arch}-texts.txt`);
    await writeFile(upload, plain.texts.join("\n") + "\n");
    const datasetDir = path.join(root, "datasets", `ds-${arch}`);
    await importDatasetFile({ sourcePath: upload, originalName: "texts.txt", outDir: datasetDir, tempDir: tempDir() });
    const outDir = freshOut();
    const events: ExtractionProgress[] = [];
    const result = await runExtraction({
      variantDir: variants.get(arch)!,
      modelInfo: await modelOf(arch),
      datasetId: `ds-${arch}`,
      datasetDir,
      config: baseConfig({ layers: [1], hooks: ["RESIDUAL"], batchSize: 1 }),
      outDir,
      tempDir: tempDir(),
      onProgress: (e) => events.push(e),
    });
    const ref = referenceDir(arch, "plain");
    expect(Array.from((await readNpy(path.join(outDir, "input_ids.npy"))).data as BigInt64Array)).toEqual(
      Array.from((await readNpy(path.join(ref, "input_ids.npy"))).data as BigInt64Array),
    );
    const ours = (await readNpy(path.join(outDir, "layer_1_residual.npy"))).data as Float32Array;
    const reference = (await readNpy(path.join(ref, "layer_1_residual.npy"))).data as Float32Array;
    const c = compareAtRealTokens(ours, reference, new BigInt64Array(48).fill(1n), ours.length / 48);
    expect(c.maxAbs).toBeLessThanOrEqual(2e-4);
    expect((await readdir(outDir)).sort()).toEqual(["attention_mask.npy", "input_ids.npy", "layer_1_residual.npy", "metadata.json", "model_info.json", "statistics.json"]);
    const info = JSON.parse(await readFile(path.join(outDir, "model_info.json"), "utf8"));
    expect(info).toMatchObject({ modelId: `m-${arch}`, architecture: arch, dataset: { datasetId: `ds-${arch}`, source: { kind: "upload", originalName: "texts.txt" } } });
    expect(info.tokenizer.padTokenId).toBe(arch === "gpt2" ? 320 : 321);
    // progress: at least one event per completed sample here (3 samples = 33% steps), ending at 100 %
    const percents = events.map((e) => Math.floor(e.percent));
    for (const p of [33, 66, 100]) expect(percents).toContain(p);
    expect(events.at(-1)).toMatchObject({ percent: 100, samplesDone: 3, samplesTotal: 3 });
    expect(result.metrics.samples).toBe(3);
    expect(result.metrics.tokensPerSecond).toBeGreaterThan(0);
    expect(result.metrics.peakRssBytes).toBeGreaterThan(0);
    expect(result.calibration).toMatchObject({ modelId: `m-${arch}`, blocksRun: 2, sequenceLength: 16 });
  });
});

describe("float16 storage", () => {
  it("stores <f2 through the graph's Cast outputs, within fp16 rounding of the reference", async () => {
    const outDir = freshOut();
    await extractActivations({
      variantDir: variants.get("llama")!,
      model: await modelOf("llama"),
      dataset: { datasetId: null, source: null },
      source: await referenceSource("llama", "right_padded"),
      config: baseConfig({ storageDType: "float16", hooks: ["RESIDUAL"] }),
      outDir,
      tempDir: tempDir(),
    });
    const file = await readNpy(path.join(outDir, "layer_1_residual.npy"));
    expect(file.dtype).toBe("float16");
    const { float16ToFloat32 } = await import("../engine/quant/float16.ts");
    const ours = float16ToFloat32(file.data as Uint16Array);
    const ref = referenceDir("llama", "right_padded");
    const reference = (await readNpy(path.join(ref, "layer_1_residual.npy"))).data as Float32Array;
    const mask = (await readNpy(path.join(ref, "attention_mask.npy"))).data as BigInt64Array;
    const c = compareAtRealTokens(ours, reference, mask, 64);
    expect(c.relative).toBeLessThan(1e-3);
    expect(c.cosine).toBeGreaterThan(0.99999);
  });
});

// ---------------------------------------------------------------- lifecycle: resume, cancel, memory

/** A dataset of 20 distinct samples, imported once. */
async function lifecycleDataset(): Promise<string> {
  const dir = path.join(root, "datasets", "lifecycle");
  if (await exists(dir)) return dir;
  const upload = path.join(root, "lifecycle.txt");
  const words = ["residual", "stream", "attention", "layer", "token", "sparse", "feature", "model"];
  await writeFile(upload, Array.from({ length: 20 }, (_, i) => words.slice(0, 1 + (i % 8)).join(" ") + ` sample ${i}`).join("\n"));
  await importDatasetFile({ sourcePath: upload, originalName: "lifecycle.txt", outDir: dir, tempDir: tempDir() });
  return dir;
}

async function lifecycleRun(
  outDir: string,
  extra: { openRunner?: OpenRunner; signal?: AbortSignal; onProgress?: (e: ExtractionProgress) => void; batchSize?: number; tempDir?: string } = {},
) {
  return runExtraction({
    variantDir: variants.get("gpt2")!,
    modelInfo: await modelOf("gpt2"),
    datasetId: "lifecycle",
    datasetDir: await lifecycleDataset(),
    config: baseConfig({ batchSize: extra.batchSize ?? 2, topK: 7 }),
    outDir,
    tempDir: tempDir(),
    ...extra,
  });
}

/** Cancels a lifecycle run once 4 samples are done: it must end CANCELLED with nothing left behind. */
async function expectCancelLeavesNothing(run: (outDir: string, extra: { signal: AbortSignal; onProgress: (e: ExtractionProgress) => void }) => Promise<unknown>) {
  const outDir = freshOut();
  const controller = new AbortController();
  const error = await run(outDir, {
    signal: controller.signal,
    onProgress: (e) => {
      if (e.samplesDone >= 4) controller.abort();
    },
  }).catch((e) => e);
  expect(error).toMatchObject({ code: "CANCELLED" });
  expect(await exists(outDir)).toBe(false);
  expect(await exists(workDirFor(outDir, tempDir()))).toBe(false);
}

/** Wraps the real ORT runner; `fault(callIndex, rows)` may throw before the run. */
const faulty =
  (fault: (call: number, rows: number) => void): OpenRunner =>
  async (graph, outputs) => {
    const inner = await openOrtRunner(graph, outputs);
    let call = 0;
    return {
      run: (batch) => {
        try {
          fault(call++, batch.rows);
        } catch (error) {
          return Promise.reject(error);
        }
        return inner.run(batch);
      },
      close: () => inner.close(),
    };
  };

const activationNames = ["input_ids.npy", "attention_mask.npy", ...[0, 1].flatMap((l) => HOOK_TYPES.map((h) => tapFileName(l, h)))];

describe("resume, cancel and batch-size halving", () => {
  let uninterrupted: string;
  beforeAll(async () => {
    uninterrupted = freshOut();
    await lifecycleRun(uninterrupted);
  });

  it("a run interrupted mid-way resumes from its state and ends byte-identical", async () => {
    const outDir = freshOut();
    const crash = await lifecycleRun(outDir, {
      openRunner: faulty((call) => {
        if (call === 5) throw new Error("worker killed");
      }),
    }).catch((e) => e);
    expect(crash.message).toBe("worker killed");
    const work = workDirFor(outDir, tempDir());
    const state = JSON.parse(await readFile(path.join(work, STATE_FILE), "utf8"));
    expect(state.samplesDone).toBeGreaterThanOrEqual(6);
    expect(state.samplesDone).toBeLessThan(20);
    expect(await exists(outDir)).toBe(false);

    const events: ExtractionProgress[] = [];
    const result = await lifecycleRun(outDir, { onProgress: (e) => events.push(e) });
    expect(result.metrics.resumedFromSample).toBe(state.samplesDone);
    expect(events[0].samplesDone).toBe(state.samplesDone);
    for (const name of [...activationNames, "statistics.json"]) {
      const a = await readFile(path.join(outDir, name));
      const b = await readFile(path.join(uninterrupted, name));
      expect(a.equals(b), `${name} differs after resume`).toBe(true);
    }
    // Hashes of files continued after a restart are hashes of the whole files.
    const uninterruptedFiles = JSON.parse(await readFile(path.join(uninterrupted, "metadata.json"), "utf8")).files;
    expect(result.files.map((f) => f.sha256)).toEqual(uninterruptedFiles.map((f: { sha256: string }) => f.sha256));
    for (const f of result.files) expect(f.sha256, f.name).toBe(sha256Of(await readFile(path.join(outDir, f.name))));
    expect(await exists(work)).toBe(false);
  });

  it("a repeated job on a completed folder returns the stored result without running", async () => {
    const again = await lifecycleRun(uninterrupted, {
      openRunner: async () => {
        throw new Error("must not open a session");
      },
    });
    const metadata = JSON.parse(await readFile(path.join(uninterrupted, "metadata.json"), "utf8"));
    expect(again.files).toEqual(metadata.files);
    expect(again.statistics.taps["layer_0_mlp"].tokens).toBeGreaterThan(0);
  });

  it("cancel removes the partial output", () => expectCancelLeavesNothing(lifecycleRun));

  describe("in a process of its own (as the job runs it)", () => {
    const processRun = async (outDir: string, extra: { signal?: AbortSignal; onProgress?: (e: ExtractionProgress) => void; layers?: number[] } = {}) =>
      runExtractionProcess({
        variantDir: variants.get("gpt2")!,
        modelInfo: await modelOf("gpt2"),
        datasetId: "lifecycle",
        datasetDir: await lifecycleDataset(),
        config: baseConfig({ batchSize: 2, topK: 7, ...(extra.layers ? { layers: extra.layers } : {}) }),
        outDir,
        tempDir: tempDir(),
        signal: extra.signal,
        onProgress: extra.onProgress,
      });

    it("writes the same files as a run in this process and streams its progress back", async () => {
      const outDir = freshOut();
      const events: ExtractionProgress[] = [];
      const result = await processRun(outDir, { onProgress: (e) => events.push(e) });
      for (const name of [...activationNames, "statistics.json"]) {
        expect((await readFile(path.join(outDir, name))).equals(await readFile(path.join(uninterrupted, name))), `${name} differs`).toBe(true);
      }
      expect(result.files).toEqual(JSON.parse(await readFile(path.join(outDir, "metadata.json"), "utf8")).files);
      expect(result.metrics.peakRssBytes).toBeGreaterThan(0);
      expect(events.at(-1)).toMatchObject({ percent: 100, samplesDone: 20 });
    });

    it("brings a coded error back with its code and field", async () => {
      const error = await processRun(freshOut(), { layers: [2] }).catch((e) => e);
      expect(error).toBeInstanceOf(CodedError);
      expect(error).toMatchObject({ code: "BAD_USER_INPUT", field: "input.layers" });
    });

    it("stops when the process that started it dies, so it cannot race the job's next attempt", async () => {
      const upload = path.join(root, "many.txt");
      await writeFile(upload, Array.from({ length: 3000 }, (_, i) => `sample number ${i}`).join("\n"));
      const datasetDir = path.join(root, "datasets", "many");
      await importDatasetFile({ sourcePath: upload, originalName: "many.txt", outDir: datasetDir, tempDir: tempDir() });
      const options = {
        variantDir: variants.get("gpt2")!,
        modelInfo: await modelOf("gpt2"),
        datasetId: "many",
        datasetDir,
        config: baseConfig({ batchSize: 1 }),
        outDir: freshOut(),
        tempDir: tempDir(),
      };
      // A stand-in worker: starts the extraction process, says so at the first progress event, then is SIGKILLed.
      const script = `import { runExtractionProcess } from ${JSON.stringify(new URL("./extraction-process.ts", import.meta.url).href)};
let said = false;
await runExtractionProcess({ ...JSON.parse(process.argv[1]), onProgress: () => { if (!said) { said = true; console.log("running"); } } });`;
      const worker = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, JSON.stringify(options)], { stdio: ["ignore", "pipe", "inherit"] });
      await new Promise<void>((resolve, reject) => {
        worker.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("running") && resolve());
        worker.once("exit", () => reject(new Error("the stand-in worker ended before the extraction ran")));
      });
      const children = (await readdir("/proc")).filter((entry) => /^\d+$/.test(entry)).filter((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
          return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === worker.pid;
        } catch {
          return false; // gone meanwhile
        }
      });
      expect(children).toHaveLength(1);
      worker.kill("SIGKILL");
      const alive = () => exists(`/proc/${children[0]}`);
      for (let waited = 0; waited < 5000 && (await alive()); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await alive()).toBe(false);
    });

    it("is cancelled through the signal and removes its partial output", () => expectCancelLeavesNothing(processRun));
  });

  it("an allocation failure halves the batch size and the run completes with the same activations", async () => {
    const outDir = freshOut();
    const events: ExtractionProgress[] = [];
    const result = await lifecycleRun(outDir, {
      batchSize: 8,
      onProgress: (e) => events.push(e),
      openRunner: faulty((_call, rows) => {
        if (rows > 2) throw new AllocationError("Failed to allocate memory for requested buffer of size 123");
      }),
    });
    expect(result.metrics.batchSizeChanges.map((c) => [c.from, c.to])).toEqual([
      [8, 4],
      [4, 2],
    ]);
    expect(result.metrics.finalBatchSize).toBe(2);
    expect(events.some((e) => /halved to 2/.test(e.message ?? ""))).toBe(true);
    for (const name of activationNames) {
      const ours = await readNpy(path.join(outDir, name));
      const base = await readNpy(path.join(uninterrupted, name));
      expect(ours.shape).toEqual(base.shape);
      if (ours.data instanceof Float32Array) {
        const b = base.data as Float32Array;
        expect(ours.data.every((v, i) => Math.abs(v - b[i]) <= 1e-5)).toBe(true);
      } else expect(ours.data).toEqual(base.data);
    }
  });

  it("queues the next batch while one runs, so inference never waits for statistics and writes", async () => {
    let calls = 0;
    let secondQueued!: () => void;
    const second = new Promise<boolean>((resolve) => (secondQueued = () => resolve(true)));
    let queuedAhead: boolean | undefined;
    await lifecycleRun(freshOut(), {
      openRunner: async (graph, outputs) => {
        const inner = await openOrtRunner(graph, outputs);
        return {
          run: async (batch) => {
            const call = calls++;
            if (call === 1) secondQueued();
            const result = await inner.run(batch);
            // Batch 0's outputs are held back until batch 1 arrives: a loop that waited for them
            // before queueing the next batch would never send it (false after the timeout).
            if (call === 0) queuedAhead = await Promise.race([second, new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
            return result;
          },
          close: () => inner.close(),
        };
      },
    });
    expect(queuedAhead).toBe(true);
    expect(calls).toBe(10); // 20 samples in batches of 2: nothing run twice
  });

  it("a disk that fills up mid-run stops it with INSUFFICIENT_STORAGE and gives the space back", async () => {
    // Room for the working folder's headers and state but not for all the rows (~0.5 MB here).
    await onTmpfs("160k", "the full-disk path of an extraction", async (disk) => {
      const [outDir, temp] = [path.join(disk, "activations", "extraction_full"), path.join(disk, "temp")];
      const error = await lifecycleRun(outDir, { tempDir: temp }).catch((e) => e);
      expect(error).toMatchObject({ code: "INSUFFICIENT_STORAGE", message: expect.stringMatching(/partial output was removed/) });
      expect(await exists(outDir)).toBe(false);
      expect(await readdir(temp)).toEqual([]);
      const { blocks, bfree } = await statfs(disk);
      expect(bfree).toBe(blocks); // every byte written was given back
    });
  });

  it("gives up with a coded error when even batch size 1 does not fit", async () => {
    const outDir = freshOut();
    const error = await lifecycleRun(outDir, {
      openRunner: faulty(() => {
        throw new AllocationError("std::bad_alloc");
      }),
    }).catch((e) => e);
    expect(error).toMatchObject({ code: "UNAVAILABLE" });
    expect(await exists(outDir)).toBe(false);
  });

  it("a session that cannot be created fails permanently and leaves nothing behind", async () => {
    const outDir = freshOut();
    const error = await lifecycleRun(outDir, {
      openRunner: async () => {
        throw new CodedError("INCOMPATIBLE", "ORT cannot load the tap graph");
      },
    }).catch((e) => e);
    expect(error).toMatchObject({ code: "INCOMPATIBLE" });
    expect(await exists(outDir)).toBe(false);
    expect(await exists(workDirFor(outDir, tempDir()))).toBe(false);
  });

  it("rejects an invalid configuration before running", async () => {
    for (const [config, field] of [
      [baseConfig({ layers: [] }), "input.layers"],
      [baseConfig({ layers: [2] }), "input.layers"],
      [baseConfig({ hooks: [] }), "input.hookTypes"],
      [baseConfig({ batchSize: 3 }), "input.batchSize"],
      [baseConfig({ sequenceLength: 4096 }), "input.sequenceLength"],
    ] as const) {
      const error = await runExtraction({
        variantDir: variants.get("gpt2")!,
        modelInfo: await modelOf("gpt2"),
        datasetId: "lifecycle",
        datasetDir: await lifecycleDataset(),
        config,
        outDir: freshOut(),
        tempDir: tempDir(),
      }).catch((e) => e);
      expect(error).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
  });

  it("loads with numpy when a python3 with numpy is present", async (ctx) => {
    // Debian's /usr/bin/python3 first (the one ORT.md used), else whatever python3 is on PATH.
    const python = ["/usr/bin/python3", "python3"].find((candidate) => {
      try {
        execFileSync(candidate, ["-c", "import numpy"], { stdio: "ignore" });
        return true;
      } catch {
        return false;
      }
    });
    if (!python) {
      ctx.skip("no python3 with numpy (tried /usr/bin/python3 and python3 on PATH): numpy load check skipped");
      return;
    }
    const script = `import numpy, sys, json, os
d = sys.argv[1]
out = {}
for name in sorted(os.listdir(d)):
    if name.endswith('.npy'):
        a = numpy.load(os.path.join(d, name), mmap_mode='r')
        out[name] = {'shape': list(a.shape), 'dtype': str(a.dtype), 'first': float(a.reshape(-1)[0]), 'sum': float(numpy.asarray(a, dtype=numpy.float64).sum())}
print(json.dumps(out))`;
    const loaded = JSON.parse(execFileSync(python, ["-c", script, uninterrupted], { encoding: "utf8" })) as Record<string, { shape: number[]; dtype: string; first: number; sum: number }>;
    const metadata = JSON.parse(await readFile(path.join(uninterrupted, "metadata.json"), "utf8")) as { files: Array<{ name: string; shape: number[]; dtype: string }> };
    expect(Object.keys(loaded).sort()).toEqual(metadata.files.map((f) => f.name).sort());
    for (const file of metadata.files) {
      const ours = await readNpy(path.join(uninterrupted, file.name));
      const values = Array.from(ours.data as Float32Array | BigInt64Array, Number);
      expect(loaded[file.name]).toMatchObject({ shape: file.shape, dtype: file.dtype, first: values[0] });
      expect(loaded[file.name].sum).toBeCloseTo(values.reduce((a, b) => a + b, 0), 2);
    }
  });
});
