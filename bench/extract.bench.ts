/**
 * npm run bench:extract — extraction throughput on random-weight checkpoints with real shapes
 * (GPT-2 small; a SmolLM-135M-like llama), converted by the engine to FP32 and Q4. Batch 8 × 128.
 *
 *   bare   one ORT session on the full model (all blocks + LM head), fetching logits only:
 *          what a plain forward costs, the baseline of the ratios
 *   (a)    extraction of all layers × 3 hooks (tap graph without LM head, .npy streaming, stats)
 *   (b)    extraction of 5 layers spread over the first half × 2 hooks (graph stops at the deepest)
 *
 * Each of these rows runs in a fresh process of its own with the allocator settings the worker
 * gives its extraction processes (bench/lib/extract-child.ts, worker/src/extraction/allocator-env.ts),
 * in alternating rounds (bare, (a), (b), bare, …; BENCH_ROUNDS, default 3); ratios use the medians.
 * Extraction rates are steady state: from the first completed batch to the last (session
 * creation and the first batch are reported separately). Each row also gives tokens per second
 * of its process's CPU time and the share of the CPU other processes took meanwhile: on a
 * shared 2-core machine the wall-clock ratios swing with other load, the CPU-time ratios much
 * less. Prints figures beside the goals of issue #5; asserts nothing. Needs ~3 GB of temporary
 * disk, removed at the end.
 *
 *   torch  the seed's approach on the same checkpoint, when /usr/bin/python3 has torch: torch eager
 *          with forward hooks appending every tapped tensor to .npy files, for (a) and (b), plus
 *          a bare forward with logits (bench/lib/torch_hooks_peer.py, after each shape's FP32 rows);
 *          once with glibc's default malloc, once with our extraction process's settings.
 *          Ratios ours/torch use torch FP32 for both our FP32 and Q4. Install the peer with
 *            apt-get install -y python3-torch libopenblas0-pthread
 *          The bench sets the peer's OpenBLAS core and threads itself (bench/lib/torch-peer.ts).
 */
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { HOOK_TYPES, type HookType, type QuantizationFormat } from "../contracts/src/index.ts";
import { convertCheckpoint } from "../worker/src/engine/convert/convert.ts";
import { ensureTapGraph } from "../worker/src/engine/graph/index.ts";
import { runJsonChild } from "../worker/src/engine/validate/child.ts";
import { EXTRACTION_ALLOCATOR_ENV } from "../worker/src/extraction/allocator-env.ts";
import { INTRA_OP_THREADS, SESSION_OPTIONS } from "../worker/src/extraction/session-options.ts";
import { feedsOf, randomRows, type BareTask, type Dims, type ExtractionFigures, type ExtractTask, type Throughput } from "./lib/extract-rows.ts";
import { describeMachine } from "./lib/machine.ts";
import { GPT2_SMALL, llamaShape, parameterCount, writeRandomCheckpoint, type BenchShape } from "./lib/random-checkpoint.ts";
import { describePeerEnv, runTorchPeer, torchAvailable, type TorchPeerResult, type TorchRun } from "./lib/torch-peer.ts";

const BATCH = 8;
const SEQ = 128;
/**
 * Batches per extraction run: the first is warm-up, the rate is measured over the rest (the torch
 * peer's too). A real extraction runs hundreds; the first timed batches still pay for growing the
 * heap to its steady size (SmolLM-135M shape: batch 2 takes 1.55–1.69 s, batches 3–12 1.28–1.49 s),
 * so a short run understates the steady rate, ours and torch's alike.
 */
const BATCHES = 10;
const BARE_RUNS = 4;
/** Rounds of (a) and (b) per format, each followed by a bare forward (one more bare row opens). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
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

const CHILD = new URL("./lib/extract-child.ts", import.meta.url);

/** One row's figures and the share of the CPU other processes took while it ran. */
interface Measured<T> {
  readonly value: T;
  readonly otherShare: number;
}

/**
 * One of our rows in a fresh process with the extraction process's allocator settings, as the
 * worker runs an extraction, so neither the conversion nor an earlier row leaves its heap behind
 * for the next. With it, the share of the machine's CPU that OTHER processes took meanwhile
 * (system busy time from /proc/stat minus the child's own CPU time): on a shared 2-core box ORT
 * timings mean little without it (ORT.md, "Caveat on timings").
 */
async function inChild<T>(task: BareTask | ExtractTask): Promise<Measured<T>> {
  const busy = () => {
    const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
    const idle = fields[3] + fields[4];
    return (fields.slice(0, 8).reduce((a, b) => a + b, 0) - idle) / 100; // USER_HZ = 100 → seconds
  };
  const cores = os.availableParallelism();
  const [busy0, t0] = [busy(), performance.now()];
  const { figures, cpuSeconds } = await runJsonChild<{ figures: T; cpuSeconds: number }>(CHILD, [JSON.stringify(task)], { env: EXTRACTION_ALLOCATOR_ENV });
  const wall = (performance.now() - t0) / 1000;
  return { value: figures, otherShare: Math.max(0, (busy() - busy0 - cpuSeconds) / (wall * cores)) };
}

/** The row with the median wall-clock rate (the upper middle one of an even count). */
function medianOf<T extends Throughput>(rows: Array<Measured<T>>): Measured<T> {
  return [...rows].sort((x, y) => x.value.tokensPerSecond - y.value.tokensPerSecond)[rows.length >> 1];
}

const dimsOf = (shape: BenchShape): Dims => {
  const c = shape.config as Record<string, number>;
  return { layers: c.num_hidden_layers ?? c.n_layer, hidden: c.hidden_size ?? c.n_embd, vocab: c.vocab_size };
};

/** 5 layers spread evenly over the first half of the model. */
const firstHalfLayers = (layers: number) => Array.from({ length: 5 }, (_, i) => Math.round((i * (Math.floor(layers / 2) - 1)) / 4));

const f0 = (x: number) => x.toFixed(0);
const pct = (share: number) => `${(100 * share).toFixed(0)}%`;
const gb = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const row = (...cells: Array<string | number>) => console.log(cells.map((c, i) => String(c).padEnd(i === 0 ? 34 : 15)).join(""));

/** Largest |ORT − torch| over row 0's FP32 logits: proof that the peer computes the same model. */
async function logitsDiff(variantDir: string, dims: Dims, torchLogitsFile: string): Promise<number> {
  const graph = await ensureTapGraph(variantDir, { taps: [], includeLogits: true, outputDType: "float32" });
  const session = await ort.InferenceSession.create(graph, SESSION_OPTIONS);
  const out = await session.run(feedsOf(randomRows(1, SEQ, dims.vocab)), ["logits"]);
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
    row(label, f0(r.tokensPerSecond), "", "", f0(r.tokensPerCpuSecond), "", (r.tokensPerSecond / SEQ).toFixed(2), r.firstBatchSeconds.toFixed(2), "", gb(r.peakRssBytes), mb(r.outputBytes), pct(r.otherShare));
  hooks("torch hooks (a)", result.runs.hooksAll);
  hooks("torch hooks (b)", result.runs.hooksFirstHalf);
  const bare = result.runs.bare;
  row("torch bare forward", f0(bare.tokensPerSecond), "", "", f0(bare.tokensPerCpuSecond), "", (bare.tokensPerSecond / SEQ).toFixed(2), "", "", gb(bare.peakRssBytes), "", pct(bare.otherShare));
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
    // Rows alternate — bare, (a), (b), bare, (a), (b), …, bare — in fresh processes, and each ratio
    // uses medians: this VM's speed drifts ±10 % over minutes, as much as the margins measured, so
    // a single pair would mostly measure when each row ran.
    const bareTask: BareTask = { kind: "bare", variantDir, vocab: dims.vocab, batch: BATCH, seq: SEQ, runs: BARE_RUNS };
    const extractTask = (layers: number[], hooks: HookType[]): ExtractTask => ({ kind: "extract", root, variantDir, dims, format, layers, hooks, batch: BATCH, seq: SEQ, batches: BATCHES });
    const bareRows: Array<Measured<Throughput>> = [await inChild<Throughput>(bareTask)];
    const aRows: Array<Measured<ExtractionFigures>> = [];
    const bRows: Array<Measured<ExtractionFigures>> = [];
    for (let round = 0; round < ROUNDS; round++) {
      aRows.push(await inChild<ExtractionFigures>(extractTask(all, [...HOOK_TYPES])));
      bRows.push(await inChild<ExtractionFigures>(extractTask(half, ["RESIDUAL", "MLP"])));
      bareRows.push(await inChild<Throughput>(bareTask));
    }
    const bare = medianOf(bareRows);
    const [a, b] = [medianOf(aRows), medianOf(bRows)];
    row("run", "tokens/s", "× bare", "goal", "tok/CPU-s", "× bare (CPU)", "samples/s", "1st batch s", "finish s", "peak RSS", "output", "other CPU");
    bareRows.forEach((x, i) => row(`bare forward (#${i + 1})`, f0(x.value.tokensPerSecond), "", "", f0(x.value.tokensPerCpuSecond), "", (x.value.tokensPerSecond / SEQ).toFixed(2), "", "", "", "", pct(x.otherShare)));
    const line = (label: string, x: Measured<ExtractionFigures>, goal?: number) =>
      row(
        label,
        f0(x.value.tokensPerSecond),
        (x.value.tokensPerSecond / bare.value.tokensPerSecond).toFixed(2),
        goal ? `≥ ${goal.toFixed(1)}×` : "",
        f0(x.value.tokensPerCpuSecond),
        (x.value.tokensPerCpuSecond / bare.value.tokensPerCpuSecond).toFixed(2),
        x.value.samplesPerSecond.toFixed(2),
        x.value.firstBatchSeconds.toFixed(2),
        x.value.finishSeconds.toFixed(2),
        gb(x.value.peakRssBytes),
        mb(x.value.outputBytes),
        pct(x.otherShare),
      );
    aRows.forEach((x, i) => line(`(a) round ${i + 1}`, x));
    bRows.forEach((x, i) => line(`(b) round ${i + 1}`, x));
    console.log(`medians (bare ${f0(bare.value.tokensPerSecond)} tokens/s, ${f0(bare.value.tokensPerCpuSecond)} per CPU-s):`);
    line(`(a) all ${dims.layers} layers × 3 hooks`, a, GOALS.all);
    line(`(b) layers ${half.join(",")} × 2 hooks`, b, GOALS.firstHalf);
    // The peer runs once per shape and setting, beside FP32 (its logits are checked against this variant's).
    if (format === "FP32" && withTorch) {
      for (const setting of TORCH_PEER_SETTINGS) {
        const result = await torchRows(rawDir, variantDir, root, dims, half, setting);
        if (result) peers.push({ setting, result });
      }
    }
    for (const { setting, result } of peers) torchRatios(format, { a: a.value, b: b.value, bare: bare.value }, result, setting);
    await rm(variantDir, { recursive: true, force: true });
  }
  await rm(rawDir, { recursive: true, force: true });
}

const root = await mkdtemp(path.join(os.tmpdir(), "bench-extract-"));
try {
  console.log(`onnxruntime-node ${ort.env.versions.node}, ${describeMachine()}, intraOpNumThreads ${INTRA_OP_THREADS}; ${BATCHES} batches per extraction (first = warm-up)`);
  console.log(`our rows run each in a fresh process with the extraction process's allocator settings: ${Object.entries(EXTRACTION_ALLOCATOR_ENV).map(([name, value]) => `${name}=${value}`).join(" ")}`);
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
