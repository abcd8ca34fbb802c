/**
 * npm run bench:extract — extraction throughput on random-weight checkpoints with real shapes
 * (GPT-2 small; a SmolLM-135M-like llama), converted by the engine to FP32 and Q4. Batch 8 × 128.
 *
 *   bare   one ORT session on the full model (all blocks + LM head), fetching logits only:
 *          what a plain forward costs, the baseline of the ratios
 *   (a)    extraction of all layers × 3 hooks (tap graph without LM head, .npy streaming, stats)
 *   (b)    extraction of 5 layers spread over the first half × 2 hooks (graph stops at the deepest)
 *
 * Extraction rates are steady state: from the first completed batch to the last (session
 * creation and the first batch are reported separately). Each row also gives tokens per second
 * of this process's CPU time and the share of the CPU other processes took meanwhile: on a
 * shared 2-core machine the wall-clock ratios swing with other load, the CPU-time ratios much
 * less. Prints figures beside the goals of issue #5; asserts nothing. Needs ~3 GB of temporary
 * disk, removed at the end.
 *
 *   torch  the seed's approach on the same checkpoint, when /usr/bin/python3 has torch: torch eager
 *          with forward hooks appending every tapped tensor to .npy files, for (a) and (b), plus
 *          a bare forward with logits (bench/lib/torch_hooks_peer.py, after each shape's FP32 rows);
 *          once with glibc's default malloc, once with our extraction process's settings.
 *
 * Our rows run in this process, under the allocator settings the extraction process gets
 * (worker/src/extraction/allocator-env.ts; the bench restarts itself with them).
 *          Ratios ours/torch use torch FP32 for both our FP32 and Q4. Install the peer with
 *            apt-get install -y python3-torch libopenblas0-pthread
 *          The bench sets the peer's OpenBLAS core and threads itself (bench/lib/torch-peer.ts).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { HOOK_TYPES, type HookType, type QuantizationFormat, type ResolvedExtractionConfig } from "../contracts/src/index.ts";
import { convertCheckpoint } from "../worker/src/engine/convert/convert.ts";
import { ensureTapGraph } from "../worker/src/engine/graph/index.ts";
import { EXTRACTION_ALLOCATOR_ENV } from "../worker/src/extraction/allocator-env.ts";
import { extractActivations, type ExtractionModel, type TokenSource } from "../worker/src/extraction/pipeline.ts";
import { INTRA_OP_THREADS, SESSION_OPTIONS } from "../worker/src/extraction/session-options.ts";
import { GPT2_SMALL, llamaShape, parameterCount, writeRandomCheckpoint, type BenchShape } from "./lib/random-checkpoint.ts";
import { describePeerEnv, runTorchPeer, torchAvailable, type TorchPeerResult, type TorchRun } from "./lib/torch-peer.ts";

const BATCH = 8;
const SEQ = 128;
/** Batches per extraction run: the first is warm-up, the rate is measured over the rest. */
const BATCHES = 6;
const BARE_RUNS = 4;
const GOALS = { all: 1.2, firstHalf: 2, allOverTorch: 1.5 };

interface TorchPeerSetting {
  readonly label: string;
  readonly allocatorEnv?: Readonly<Record<string, string>>;
}

/**
 * The peer as the seed ran it (glibc's default malloc), and with the allocator settings our
 * extraction process gets: they help any process that allocates fresh output tensors every batch,
 * torch included, so the second row shows how much of the lead is the engine's own.
 */
const TORCH_PEER_SETTINGS: TorchPeerSetting[] = [
  { label: "default malloc" },
  { label: "our extraction process's malloc settings", allocatorEnv: EXTRACTION_ALLOCATOR_ENV },
];

const SMOLLM_135M = llamaShape("SmolLM-135M-like llama", { hidden: 576, intermediate: 1536, heads: 9, kvHeads: 3, layers: 30, vocab: 49152, tiedEmbeddings: true });

/**
 * Share of the machine's CPU taken by OTHER processes while `work` ran (system busy time from
 * /proc/stat minus this process's own CPU time): on a shared 2-core box ORT timings mean little
 * without it (ORT.md, "Caveat on timings").
 */
async function withContention<T>(work: () => Promise<T>): Promise<{ value: T; otherShare: number }> {
  const busy = () => {
    const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
    const idle = fields[3] + fields[4];
    return (fields.slice(0, 8).reduce((a, b) => a + b, 0) - idle) / 100; // USER_HZ = 100 → seconds
  };
  const cores = os.availableParallelism();
  const [busy0, cpu0, t0] = [busy(), process.cpuUsage(), performance.now()];
  const value = await work();
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - t0) / 1000;
  const own = (cpu.user + cpu.system) / 1e6;
  return { value, otherShare: Math.max(0, (busy() - busy0 - own) / (wall * cores)) };
}

interface Dims {
  readonly layers: number;
  readonly hidden: number;
  readonly vocab: number;
}

const dimsOf = (shape: BenchShape): Dims => {
  const c = shape.config as Record<string, number>;
  return { layers: c.num_hidden_layers ?? c.n_layer, hidden: c.hidden_size ?? c.n_embd, vocab: c.vocab_size };
};

/** Fixed-seed token ids, full length (no padding: the bench measures compute, not tokenization). */
function randomRows(count: number, vocab: number): number[][] {
  let state = 12345;
  const next = () => ((state = (state * 1103515245 + 12345) >>> 0) % vocab);
  return Array.from({ length: count }, () => Array.from({ length: SEQ }, next));
}

/** Full-length rows as the graphs' inputs (no padding: every attention mask entry is 1). */
function feedsOf(rows: number[][]): Record<string, ort.Tensor> {
  const dims = [rows.length, SEQ];
  return {
    input_ids: new ort.Tensor("int64", BigInt64Array.from(rows.flat(), BigInt), dims),
    attention_mask: new ort.Tensor("int64", new BigInt64Array(rows.length * SEQ).fill(1n), dims),
  };
}

/** 5 layers spread evenly over the first half of the model. */
const firstHalfLayers = (layers: number) => Array.from({ length: 5 }, (_, i) => Math.round((i * (Math.floor(layers / 2) - 1)) / 4));

/** CPU seconds this process used (every thread: ORT's pool, the inference thread, the main one). */
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

interface Throughput {
  /** Wall clock: what the user sees, at the mercy of other processes on this machine. */
  readonly tokensPerSecond: number;
  /** Tokens per second of this process's CPU time: much less sensitive to other processes. */
  readonly tokensPerCpuSecond: number;
}

/** Median tokens/s of BARE_RUNS full forwards (after a warm-up) fetching logits only. */
async function bareForward(variantDir: string, dims: Dims): Promise<Throughput> {
  const graph = await ensureTapGraph(variantDir, { taps: [], includeLogits: true, outputDType: "float32" });
  // The same session options as the extraction's, so the ratio compares graphs, not settings.
  const session = await ort.InferenceSession.create(graph, SESSION_OPTIONS);
  const feeds = feedsOf(randomRows(BATCH, dims.vocab));
  await session.run(feeds, ["logits"]); // warm-up
  const times: number[] = [];
  const cpu0 = cpuSeconds();
  for (let i = 0; i < BARE_RUNS; i++) {
    const t = performance.now();
    const out = await session.run(feeds, ["logits"]);
    times.push((performance.now() - t) / 1000);
    out.logits.dispose();
  }
  const cpu = cpuSeconds() - cpu0;
  await session.release();
  times.sort((a, b) => a - b);
  return { tokensPerSecond: (BATCH * SEQ) / times[times.length >> 1], tokensPerCpuSecond: (BARE_RUNS * BATCH * SEQ) / cpu };
}

interface ExtractionFigures extends Throughput {
  readonly samplesPerSecond: number;
  readonly firstBatchSeconds: number;
  readonly peakRssBytes: number;
  readonly outputBytes: number;
}

async function extraction(root: string, variantDir: string, dims: Dims, format: QuantizationFormat, layers: number[], hooks: HookType[]): Promise<ExtractionFigures> {
  const rows = randomRows(BATCH * BATCHES, dims.vocab);
  const source: TokenSource = {
    total: rows.length,
    padTokenId: 0,
    identity: "bench",
    tokenizer: null,
    async *rows(from) {
      yield* rows.slice(from);
    },
  };
  const config: ResolvedExtractionConfig = { layers, hooks, maxSamples: null, batchSize: BATCH, sequenceLength: SEQ, topK: 100, storageDType: "float32" };
  const model: ExtractionModel = {
    modelId: "bench",
    repoId: "bench/random",
    revision: null,
    format,
    architecture: "bench",
    numLayers: dims.layers,
    hiddenSize: dims.hidden,
    maxPositions: 1024,
  };
  const completions: Array<{ at: number; cpu: number; samples: number }> = [];
  const started = performance.now();
  const outDir = path.join(root, `extraction-${format}-${layers.length}x${hooks.length}`);
  // Build (and cache) the tap graph outside the timed run, as a second extraction would find it.
  await ensureTapGraph(variantDir, { taps: layers.flatMap((layer) => hooks.map((hook) => ({ layer, hook }))), includeLogits: false, outputDType: "float32" });
  const result = await extractActivations({
    variantDir,
    model,
    dataset: { datasetId: null, source: "random tokens" },
    source,
    config,
    outDir,
    tempDir: path.join(root, "temp"),
    onProgress: (e) => {
      if (e.samplesDone > 0 && completions.at(-1)?.samples !== e.samplesDone) completions.push({ at: performance.now(), cpu: cpuSeconds(), samples: e.samplesDone });
    },
  });
  const first = completions[0];
  const last = completions.at(-1)!;
  const steadyTokens = (last.samples - first.samples) * SEQ;
  const steady = steadyTokens / ((last.at - first.at) / 1000);
  await rm(outDir, { recursive: true, force: true });
  return {
    tokensPerSecond: steady,
    tokensPerCpuSecond: steadyTokens / (last.cpu - first.cpu),
    samplesPerSecond: steady / SEQ,
    firstBatchSeconds: (first.at - started) / 1000,
    peakRssBytes: result.metrics.peakRssBytes,
    outputBytes: result.files.reduce((n, f) => n + f.bytes, 0),
  };
}

const f0 = (x: number) => x.toFixed(0);
const pct = (share: number) => `${(100 * share).toFixed(0)}%`;
const gb = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const row = (...cells: Array<string | number>) => console.log(cells.map((c, i) => String(c).padEnd(i === 0 ? 34 : 15)).join(""));

/** Largest |ORT − torch| over row 0's FP32 logits: proof that the peer computes the same model. */
async function logitsDiff(variantDir: string, dims: Dims, torchLogitsFile: string): Promise<number> {
  const graph = await ensureTapGraph(variantDir, { taps: [], includeLogits: true, outputDType: "float32" });
  const session = await ort.InferenceSession.create(graph, SESSION_OPTIONS);
  const out = await session.run(feedsOf(randomRows(1, dims.vocab)), ["logits"]);
  const ours = out.logits.data as Float32Array;
  await session.release();
  const bytes = await readFile(torchLogitsFile);
  const theirs = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (theirs.length !== ours.length) throw new Error(`torch logits: ${theirs.length} values, ORT ${ours.length}`);
  return ours.reduce((max, x, i) => Math.max(max, Math.abs(x - theirs[i])), 0);
}

/**
 * The PyTorch peer on this shape's raw checkpoint: prints what it ran on, its rows (columns as
 * ours) and the logits check against our FP32 variant. Undefined, with the reason printed, when it
 * fails, so the rest of the bench still runs.
 */
async function torchRows(rawDir: string, variantDir: string, root: string, dims: Dims, half: number[], peer: TorchPeerSetting): Promise<TorchPeerResult | undefined> {
  const logitsFile = path.join(root, "torch-logits.f32");
  let result: TorchPeerResult;
  try {
    result = await runTorchPeer({
      checkpointDir: rawDir,
      outDir: path.join(root, "torch-taps"),
      batch: BATCH,
      seq: SEQ,
      batches: BATCHES - 1, // as our steady-state rate: the batches after the first
      bareRuns: BARE_RUNS,
      firstHalfLayers: half,
      threads: INTRA_OP_THREADS,
      logitsFile,
      allocatorEnv: peer.allocatorEnv,
    });
  } catch (error) {
    console.log(`torch peer failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const { blas } = result;
  const openblas = blas.openblas ? `${blas.openblas}, core ${blas.core}, ${blas.threads} threads` : "not OpenBLAS (about 50× slower: apt-get install -y libopenblas0-pthread)";
  console.log(`torch ${result.torch} eager, ${peer.label} (checkpoint loaded in ${result.loadSeconds.toFixed(1)} s), ${result.threads} threads, BLAS ${blas.library ?? "not found"}: ${openblas}`);
  const hooks = (label: string, r: TorchRun) =>
    row(label, f0(r.tokensPerSecond), "", "", f0(r.tokensPerCpuSecond), "", (r.tokensPerSecond / SEQ).toFixed(2), r.firstBatchSeconds.toFixed(2), gb(r.peakRssBytes), mb(r.outputBytes), pct(r.otherShare));
  hooks("torch hooks (a)", result.runs.hooksAll);
  hooks("torch hooks (b)", result.runs.hooksFirstHalf);
  const bare = result.runs.bare;
  row("torch bare forward", f0(bare.tokensPerSecond), "", "", f0(bare.tokensPerCpuSecond), "", (bare.tokensPerSecond / SEQ).toFixed(2), "", gb(bare.peakRssBytes), "", pct(bare.otherShare));
  console.log(`torch vs ORT FP32 logits (row 0, 1 × ${SEQ}): max abs diff ${(await logitsDiff(variantDir, dims, logitsFile)).toExponential(1)}`);
  await rm(logitsFile, { force: true });
  return result;
}

/** Ours over torch FP32, wall clock and per CPU-second. */
function torchRatios(format: QuantizationFormat, ours: Record<"a" | "b" | "bare", Throughput>, torch: TorchPeerResult, peer: TorchPeerSetting): void {
  const ratio = (x: Throughput, t: TorchRun) =>
    `${(x.tokensPerSecond / t.tokensPerSecond).toFixed(2)}× (per CPU-s ${(x.tokensPerCpuSecond / t.tokensPerCpuSecond).toFixed(2)}×)`;
  const { hooksAll, hooksFirstHalf, bare } = torch.runs;
  console.log(
    `ours ${format} / torch FP32 (${peer.label}): (a) ${ratio(ours.a, hooksAll)}, goal ≥ ${GOALS.allOverTorch.toFixed(1)}×; (b) ${ratio(ours.b, hooksFirstHalf)}; bare forward ${ratio(ours.bare, bare)}`,
  );
}

async function benchShape(shape: BenchShape, root: string, withTorch: boolean): Promise<void> {
  const dims = dimsOf(shape);
  console.log(`\n== ${shape.label}: ${(parameterCount(shape) / 1e6).toFixed(0)} M parameters, ${dims.layers} layers, hidden ${dims.hidden}; batch ${BATCH} × ${SEQ}`);
  const rawDir = path.join(root, "raw");
  await writeRandomCheckpoint(rawDir, shape);
  const half = firstHalfLayers(dims.layers);
  const all = Array.from({ length: dims.layers }, (_, i) => i);
  const peers: Array<{ setting: TorchPeerSetting; result: TorchPeerResult }> = [];
  for (const format of ["FP32", "Q4"] as const) {
    const variantDir = path.join(root, `variant-${format}`);
    const t = performance.now();
    await convertCheckpoint({ rawDir, outDir: variantDir, format, tempDir: path.join(root, "temp") });
    console.log(`\n${format}: converted in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    // Bare forward before and after the extractions: the ratio uses their mean, so a burst of
    // load from other processes during one of them is visible rather than silently skewing it.
    const bare1 = await withContention(() => bareForward(variantDir, dims));
    const a = await withContention(() => extraction(root, variantDir, dims, format, all, [...HOOK_TYPES]));
    const b = await withContention(() => extraction(root, variantDir, dims, format, half, ["RESIDUAL", "MLP"]));
    const bare2 = await withContention(() => bareForward(variantDir, dims));
    const bare = (bare1.value.tokensPerSecond + bare2.value.tokensPerSecond) / 2;
    const bareCpu = (bare1.value.tokensPerCpuSecond + bare2.value.tokensPerCpuSecond) / 2;
    row("run", "tokens/s", "× bare", "goal", "tok/CPU-s", "× bare (CPU)", "samples/s", "1st batch s", "peak RSS", "output", "other CPU");
    for (const [label, b] of [["bare forward (before)", bare1], ["bare forward (after)", bare2]] as const) {
      row(label, f0(b.value.tokensPerSecond), "", "", f0(b.value.tokensPerCpuSecond), "", (b.value.tokensPerSecond / SEQ).toFixed(2), "", "", "", pct(b.otherShare));
    }
    const line = (label: string, x: { value: ExtractionFigures; otherShare: number }, goal: number) =>
      row(
        label,
        f0(x.value.tokensPerSecond),
        (x.value.tokensPerSecond / bare).toFixed(2),
        `≥ ${goal.toFixed(1)}×`,
        f0(x.value.tokensPerCpuSecond),
        (x.value.tokensPerCpuSecond / bareCpu).toFixed(2),
        x.value.samplesPerSecond.toFixed(2),
        x.value.firstBatchSeconds.toFixed(2),
        gb(x.value.peakRssBytes),
        mb(x.value.outputBytes),
        pct(x.otherShare),
      );
    line(`(a) all ${dims.layers} layers × 3 hooks`, a, GOALS.all);
    line(`(b) layers ${half.join(",")} × 2 hooks`, b, GOALS.firstHalf);
    // The peer runs once per shape and setting, beside FP32 (its logits are checked against this variant's).
    if (format === "FP32" && withTorch) {
      for (const setting of TORCH_PEER_SETTINGS) {
        const result = await torchRows(rawDir, variantDir, root, dims, half, setting);
        if (result) peers.push({ setting, result });
      }
    }
    for (const { setting, result } of peers) torchRatios(format, { a: a.value, b: b.value, bare: { tokensPerSecond: bare, tokensPerCpuSecond: bareCpu } }, result, setting);
    await rm(variantDir, { recursive: true, force: true });
  }
  await rm(rawDir, { recursive: true, force: true });
}

// Our rows (and the bare forward they are compared with) run under the allocator settings of the
// extraction process the worker starts (worker/src/extraction/allocator-env.ts): this process is
// started again with them when they are missing.
if (Object.entries(EXTRACTION_ALLOCATOR_ENV).some(([name, value]) => process.env[name] !== value)) {
  const rerun = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit", env: { ...process.env, ...EXTRACTION_ALLOCATOR_ENV } });
  process.exit(rerun.status ?? 1);
}

const root = await mkdtemp(path.join(os.tmpdir(), "bench-extract-"));
try {
  console.log(`onnxruntime-node ${ort.env.versions.node}, ${os.availableParallelism()} cores, intraOpNumThreads ${INTRA_OP_THREADS}; ${BATCHES} batches per extraction (first = warm-up)`);
  console.log(`our rows run with the extraction process's allocator settings: ${Object.entries(EXTRACTION_ALLOCATOR_ENV).map(([name, value]) => `${name}=${value}`).join(" ")}`);
  console.log(`load average at start: ${os.loadavg().map((x) => x.toFixed(2)).join(" / ")} ("other CPU" = share of both cores other processes used during the row)`);
  const withTorch = torchAvailable();
  console.log(withTorch ? `PyTorch peer: /usr/bin/python3 with ${describePeerEnv(INTRA_OP_THREADS)}` : "PyTorch comparison skipped: /usr/bin/python3 has no torch module (apt-get install -y python3-torch libopenblas0-pthread).");
  // BENCH_SHAPES=smollm (or gpt2) runs one shape: a quicker check while working on one of them.
  const wanted = process.env.BENCH_SHAPES?.split(",");
  for (const [key, shape] of [["gpt2", GPT2_SMALL], ["smollm", SMOLLM_135M]] as const) {
    if (!wanted || wanted.includes(key)) await benchShape(shape, root, withTorch);
  }
  console.log("The seed's acceptance case scaled to this CPU is row (b) of the SmolLM-135M-like shape (samples/s column).");
} finally {
  await rm(root, { recursive: true, force: true });
}
