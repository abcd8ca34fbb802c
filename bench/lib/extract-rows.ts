/**
 * The rows of bench:extract that measure our engine: a bare full forward fetching logits, and an
 * extraction through the real pipeline. Each runs in a fresh process of its own (extract-child.ts),
 * as the worker runs an extraction (worker/src/extraction/extraction-process.ts).
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import * as ort from "onnxruntime-node";
import type { HookType, QuantizationFormat, ResolvedExtractionConfig } from "../../contracts/src/index.ts";
import { ensureTapGraph } from "../../worker/src/engine/graph/index.ts";
import { extractActivations, type ExtractionModel, type TokenSource } from "../../worker/src/extraction/pipeline.ts";
import { SESSION_OPTIONS } from "../../worker/src/extraction/session-options.ts";

export interface Dims {
  readonly layers: number;
  readonly hidden: number;
  readonly vocab: number;
}

export interface RowShape {
  readonly batch: number;
  readonly seq: number;
}

/** Fixed-seed token ids, full length (no padding: the bench measures compute, not tokenization). */
export function randomRows(count: number, seq: number, vocab: number): number[][] {
  let state = 12345;
  const next = () => ((state = (state * 1103515245 + 12345) >>> 0) % vocab);
  return Array.from({ length: count }, () => Array.from({ length: seq }, next));
}

/** Full-length rows as the graphs' inputs (no padding: every attention mask entry is 1). */
export function feedsOf(rows: number[][]): Record<string, ort.Tensor> {
  const dims = [rows.length, rows[0].length];
  return {
    input_ids: new ort.Tensor("int64", BigInt64Array.from(rows.flat(), BigInt), dims),
    attention_mask: new ort.Tensor("int64", new BigInt64Array(rows.length * rows[0].length).fill(1n), dims),
  };
}

/** CPU seconds this process used (every thread: ORT's pool, the inference thread, the main one). */
export const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

export interface Throughput {
  /** Wall clock: what the user sees, at the mercy of other processes on this machine. */
  readonly tokensPerSecond: number;
  /** Tokens per second of this process's CPU time: much less sensitive to other processes. */
  readonly tokensPerCpuSecond: number;
}

export interface BareTask extends RowShape {
  readonly kind: "bare";
  readonly variantDir: string;
  readonly vocab: number;
  /** Timed runs after one warm-up. */
  readonly runs: number;
}

/** Median tokens/s of `runs` full forwards (after a warm-up) fetching logits only. */
export async function bareForward(task: BareTask): Promise<Throughput> {
  const graph = await ensureTapGraph(task.variantDir, { taps: [], includeLogits: true, outputDType: "float32" });
  // The same session options as the extraction's, so the ratio compares graphs, not settings.
  const session = await ort.InferenceSession.create(graph, SESSION_OPTIONS);
  const feeds = feedsOf(randomRows(task.batch, task.seq, task.vocab));
  await session.run(feeds, ["logits"]); // warm-up
  const times: number[] = [];
  const cpu0 = cpuSeconds();
  for (let i = 0; i < task.runs; i++) {
    const t = performance.now();
    const out = await session.run(feeds, ["logits"]);
    times.push((performance.now() - t) / 1000);
    out.logits.dispose();
  }
  const cpu = cpuSeconds() - cpu0;
  await session.release();
  times.sort((a, b) => a - b);
  const tokens = task.batch * task.seq;
  return { tokensPerSecond: tokens / times[times.length >> 1], tokensPerCpuSecond: (task.runs * tokens) / cpu };
}

export interface ExtractTask extends RowShape {
  readonly kind: "extract";
  readonly root: string;
  readonly variantDir: string;
  readonly dims: Dims;
  readonly format: QuantizationFormat;
  readonly layers: readonly number[];
  readonly hooks: readonly HookType[];
  /** Batches in the run; the rate is measured after the first. */
  readonly batches: number;
}

export interface ExtractionFigures extends Throughput {
  readonly samplesPerSecond: number;
  readonly firstBatchSeconds: number;
  /** From the last batch's completion to the finished folder (closing files, documents, rename). */
  readonly finishSeconds: number;
  readonly peakRssBytes: number;
  readonly outputBytes: number;
}

/**
 * Rates are steady state: from the first completed batch to the last (session creation and the
 * first batch are reported separately, and so is the finish after the last batch).
 */
export async function extraction(task: ExtractTask): Promise<ExtractionFigures> {
  const { dims, layers, hooks, batch, seq } = task;
  const rows = randomRows(batch * task.batches, seq, dims.vocab);
  const source: TokenSource = {
    total: rows.length,
    padTokenId: 0,
    identity: "bench",
    tokenizer: null,
    async *rows(from) {
      yield* rows.slice(from);
    },
  };
  const config: ResolvedExtractionConfig = { layers: [...layers], hooks: [...hooks], maxSamples: null, batchSize: batch, sequenceLength: seq, topK: 100, storageDType: "float32" };
  const model: ExtractionModel = {
    modelId: "bench",
    repoId: "bench/random",
    revision: null,
    format: task.format,
    architecture: "bench",
    numLayers: dims.layers,
    hiddenSize: dims.hidden,
    maxPositions: 1024,
  };
  const completions: Array<{ at: number; cpu: number; samples: number }> = [];
  const outDir = path.join(task.root, `extraction-${task.format}-${layers.length}x${hooks.length}`);
  // Build (and cache) the tap graph outside the timed run, as a second extraction would find it.
  await ensureTapGraph(task.variantDir, { taps: layers.flatMap((layer) => hooks.map((hook) => ({ layer, hook }))), includeLogits: false, outputDType: "float32" });
  const started = performance.now();
  const result = await extractActivations({
    variantDir: task.variantDir,
    model,
    dataset: { datasetId: null, source: "random tokens" },
    source,
    config,
    outDir,
    tempDir: path.join(task.root, "temp"),
    onProgress: (e) => {
      if (e.samplesDone > 0 && completions.at(-1)?.samples !== e.samplesDone) completions.push({ at: performance.now(), cpu: cpuSeconds(), samples: e.samplesDone });
    },
  });
  const finished = performance.now();
  const first = completions[0];
  const last = completions.at(-1)!;
  const steadyTokens = (last.samples - first.samples) * seq;
  const steady = steadyTokens / ((last.at - first.at) / 1000);
  await rm(outDir, { recursive: true, force: true });
  return {
    tokensPerSecond: steady,
    tokensPerCpuSecond: steadyTokens / (last.cpu - first.cpu),
    samplesPerSecond: steady / seq,
    firstBatchSeconds: (first.at - started) / 1000,
    finishSeconds: (finished - last.at) / 1000,
    peakRssBytes: result.metrics.peakRssBytes,
    outputBytes: result.files.reduce((n, f) => n + f.bytes, 0),
  };
}
