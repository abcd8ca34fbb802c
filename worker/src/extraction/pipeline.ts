/**
 * The extraction loop: token rows → padded batches → the tap graph (in its own thread) → one
 * .npy writer per file, statistics per tap, a resume state per batch.
 *
 * Overlap: while the inference thread computes batch i, this thread computes statistics of and
 * writes batch i-1 (appends, state), then tokenizes batch i+1 and queues it behind batch i, so
 * the inference thread never waits for this one. A batch is queued only once the batch before
 * the running one is written, so memory holds at most two batches of outputs.
 *
 * Output folder: everything is written in `tempDir/<name>.partial/` (each .npy under a
 * `.partial` name until its last row) and the folder is renamed onto `outDir` when complete.
 */
import { createHash } from "node:crypto";
import { access, mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import * as ort from "onnxruntime-node";
import {
  CodedError,
  HOOKS,
  PERMANENT_ERROR_CODES,
  isCodedError,
  type ResolvedExtractionConfig,
} from "../../../contracts/src/index.ts";
import { ensureTapGraph } from "../engine/graph/index.ts";
import { diskFullError, isDiskFull } from "../files/disk-full.ts";
import { float16ToFloat32 } from "../engine/quant/float16.ts";
import { validateExtractionConfig } from "./config.ts";
import {
  hookMeanings,
  readCompletedExtraction,
  statisticsDocument,
  writeDocuments,
  type ExtractionMetrics,
  type ExtractionResult,
  type ProvenanceDataset,
  type ProvenanceModel,
  type TapStatisticsEntry,
} from "./documents.ts";
import { feedTap } from "./feed-tap.ts";
import { extractionFiles } from "./layout.ts";
import { AllocationError, openOrtRunner, type OpenRunner, type TapOutputs, type TapRunner } from "./ort-runner.ts";
import type { CalibrationRecord } from "./plan.ts";
import { ProgressReporter, type ExtractionProgress } from "./progress.ts";
import { RowQueue } from "./row-queue.ts";
import { saveState, STATE_FILE, type BatchSizeChange, type ExtractionState } from "./state.ts";
import { TapStatistics } from "./statistics.ts";
import { openWorkDir, workDirFor } from "./work-dir.ts";
import { packBatch, type PaddingSide, type TokenBatch, type TokenizerDescription } from "./tokenize.ts";

/** Token rows (specials included, at most sequenceLength long) in sample order. */
export interface TokenSource {
  /** Samples available. */
  readonly total: number;
  readonly padTokenId: number;
  /** Identifies the content (dataset + tokenizer) for the resume fingerprint. */
  readonly identity: string;
  readonly tokenizer: TokenizerDescription | null;
  rows(fromSample: number): AsyncIterable<number[]>;
}

export interface ExtractionModel extends ProvenanceModel {
  readonly numLayers: number;
  readonly hiddenSize: number;
  readonly maxPositions: number;
}

export interface ExtractActivationsOptions {
  /** models/quantized/{id}_{format}/ (graph.json, model.onnx.data, tokenizer files). */
  readonly variantDir: string;
  readonly model: ExtractionModel;
  readonly dataset: ProvenanceDataset;
  readonly source: TokenSource;
  readonly config: ResolvedExtractionConfig;
  /** Final folder, `activations/extraction_{id}/`; must not hold a partial run (it never does). */
  readonly outDir: string;
  /** Same filesystem as outDir: the working folder lives here and is renamed at the end. */
  readonly tempDir: string;
  readonly paddingSide?: PaddingSide;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ExtractionProgress) => void;
  /** Seam: how the tap graph is run (tests wrap the ORT runner to inject failures). */
  readonly openRunner?: OpenRunner;
}

const exists = (file: string) => access(file).then(() => true, () => false);
const EXTRACTION_DISK_FULL = "the extraction stopped and its partial output was removed; free space and start it again";
const fileStem = (name: string) => name.replace(/\.npy$/, "");

function fingerprintOf(o: ExtractActivationsOptions, config: ResolvedExtractionConfig, samples: number, graphFile: string): string {
  const identity = { config, samples, graphFile, model: o.model, source: o.source.identity, pad: o.source.padTokenId, side: o.paddingSide ?? "right" };
  return createHash("sha256").update(JSON.stringify(identity)).digest("hex");
}

/** Rejects when the signal aborts, so waiting on an in-flight batch ends at once on cancel. */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CodedError("CANCELLED", "The extraction was cancelled."));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** A batch handed to the inference thread whose outputs have not been consumed yet. */
interface InFlightBatch {
  readonly rows: number[][];
  readonly batch: TokenBatch;
  /** Index of its first sample. */
  readonly first: number;
  readonly outputs: Promise<TapOutputs>;
}

export async function extractActivations(o: ExtractActivationsOptions): Promise<ExtractionResult> {
  const completed = await readCompletedExtraction(o.outDir);
  if (completed) return completed;
  const config = validateExtractionConfig(o.config, o.model);
  const samples = Math.min(config.maxSamples ?? o.source.total, o.source.total);
  if (samples < 1) throw new CodedError("BAD_USER_INPUT", "The dataset has no samples.", "input.datasetId");
  const seq = config.sequenceLength;
  const hidden = o.model.hiddenSize;
  const side = o.paddingSide ?? "right";
  const files = extractionFiles(config, samples, hidden);
  const taps = files.filter((f) => f.tap);
  const outputNames = taps.map((f) => f.tap!.output);
  const graphPath = await ensureTapGraph(o.variantDir, {
    taps: taps.map((f) => ({ layer: f.tap!.layer, hook: f.tap!.hook })),
    includeLogits: false,
    outputDType: config.storageDType,
  });
  const fingerprint = fingerprintOf(o, config, samples, path.basename(graphPath));
  const workDir = workDirFor(o.outDir, o.tempDir);

  const { state, writers } = await openWorkDir(workDir, files, fingerprint);
  const resumedFromSample = state?.samplesDone ?? 0;
  const startedAt = state?.startedAt ?? new Date().toISOString();
  const stats = new Map(taps.map((f) => [f.tap!.output, new TapStatistics(hidden, config.topK, state?.statistics[f.tap!.output])]));
  const batchSizeChanges: BatchSizeChange[] = [...(state?.batchSizeChanges ?? [])];
  let batchSize = state?.batchSize ?? config.batchSize;
  let done = resumedFromSample;
  let realTokens = state?.realTokens ?? 0;
  const activeBefore = state?.activeSeconds ?? 0;
  const t0 = performance.now();
  const activeSeconds = () => activeBefore + (performance.now() - t0) / 1000;

  const progress = new ProgressReporter(samples, seq, resumedFromSample, batchSize, o.onProgress);
  progress.start();

  const rows = new RowQueue(o.source.rows(resumedFromSample));

  /**
   * fp16 outputs are decoded here for the statistics, one tap at a time, into ONE reused array:
   * fresh memory costs a page fault per 4 KiB page, which on a VM like the development machine
   * is dearer than the decode itself.
   */
  let decoded = new Float32Array(0);
  const statisticsInput = (data: Float32Array | Uint16Array): Float32Array => {
    if (data instanceof Float32Array) return data;
    if (decoded.length < data.length) decoded = new Float32Array(data.length);
    return float16ToFloat32(data, decoded.subarray(0, data.length));
  };

  /** Statistics, appends and the state file for one finished batch (runs while the next batch infers). */
  const consume = async (batch: TokenBatch, outputs: TapOutputs, first: number) => {
    for (const f of taps) {
      const data = outputs.get(f.tap!.output);
      if (!data || data.length !== batch.rows * seq * hidden) {
        throw new CodedError("INCOMPATIBLE", `The graph output ${f.tap!.output} has ${data?.length ?? 0} values, expected ${batch.rows}×${seq}×${hidden}.`);
      }
    }
    for (const f of taps) {
      const data = outputs.get(f.tap!.output)!;
      const tapBatch = { data, values: statisticsInput(data), attentionMask: batch.attentionMask, rows: batch.rows, seq, firstSample: first };
      feedTap(tapBatch, stats.get(f.tap!.output)!, writers.get(f.name)!);
    }
    writers.get(files[0].name)!.append(batch.inputIds, batch.rows);
    writers.get(files[1].name)!.append(batch.attentionMask, batch.rows);
    realTokens += batch.realTokens;
    await saveState(workDir, {
      version: 1,
      fingerprint,
      samplesDone: first + batch.rows,
      batchSize,
      batchSizeChanges,
      statistics: Object.fromEntries([...stats].map(([k, s]) => [k, s.snapshot()])),
      startedAt,
      activeSeconds: activeSeconds(),
      realTokens,
    } satisfies ExtractionState);
  };

  let pending: Promise<void> = Promise.resolve();
  let runner: TapRunner | null = null;
  try {
    const activeRunner = await (o.openRunner ?? openOrtRunner)(graphPath, outputNames);
    runner = activeRunner;
    /** Packs rows starting at sample `first` and hands them to the inference thread. */
    const dispatch = (batchRows: number[][], first: number): InFlightBatch => {
      const batch = packBatch(batchRows, seq, o.source.padTokenId, side);
      const outputs = activeRunner.run(batch);
      outputs.catch(() => undefined); // awaited below; this only stops an early unhandled rejection
      return { rows: batchRows, batch, first, outputs };
    };
    const takeFrom = async (first: number) => {
      const batchRows = await rows.take(Math.min(batchSize, samples - first));
      return batchRows.length > 0 ? dispatch(batchRows, first) : null;
    };
    let current = await takeFrom(done);
    while (current) {
      o.signal?.throwIfAborted();
      // The previous batch's appends finish first (at most two batches of outputs in memory);
      // then the next batch is queued BEFORE this one's outputs are awaited, so the inference
      // thread goes from this batch straight into the next one instead of idling while this
      // thread computes statistics and writes.
      await abortable(pending, o.signal);
      const following = await takeFrom(current.first + current.rows.length);
      let outputs: TapOutputs;
      try {
        outputs = await abortable(current.outputs, o.signal);
      } catch (error) {
        if (!(error instanceof AllocationError)) throw error;
        if (batchSize === 1) throw new CodedError("UNAVAILABLE", `Out of memory even with batch size 1: ${error.message}`);
        // FR-5.11: halve and retry the same samples; the state records it, so a resume keeps the
        // size. The batch queued behind this one ran at the old size: wait for it and drop it.
        await following?.outputs.catch(() => undefined);
        batchSizeChanges.push({ atSample: current.first, from: batchSize, to: batchSize / 2, reason: error.message });
        batchSize /= 2;
        rows.giveBack([...current.rows, ...(following?.rows ?? [])]);
        current = await takeFrom(current.first);
        progress.batchSizeChanged(batchSize, `Out of memory: batch size halved to ${batchSize}.`);
        continue;
      }
      const end = current.first + current.rows.length;
      pending = consume(current.batch, outputs, current.first).then(() => {
        done = end;
        progress.completed(done);
      });
      pending.catch(() => undefined);
      current = following;
    }
    await abortable(pending, o.signal);
    if (done !== samples) throw new CodedError("INTEGRITY", `The dataset ended after ${done} of ${samples} samples.`);
    o.signal?.throwIfAborted();
    progress.stop();
    await activeRunner.close();
    return await finish();
  } catch (caught) {
    progress.stop();
    await runner?.close().catch(() => undefined);
    await pending.catch(() => undefined); // no append may still be running when the writers close
    // A full disk is permanent for this job (retrying fills it again), and the working folder is
    // removed below with every permanent failure, which gives the space back.
    const error = isDiskFull(caught) ? diskFullError(EXTRACTION_DISK_FULL) : caught;
    const cancelled = o.signal?.aborted === true;
    const permanent = cancelled || (isCodedError(error) && PERMANENT_ERROR_CODES.includes(error.code));
    // Cancelled or hopeless: remove everything. Otherwise keep the working folder for a resume.
    await Promise.all([...writers.values()].map((w) => (permanent ? w.abort() : w.suspend())));
    if (permanent) await rm(workDir, { recursive: true, force: true });
    if (cancelled) throw new CodedError("CANCELLED", "The extraction was cancelled; its partial output was removed.");
    throw error;
  }

  async function finish(): Promise<ExtractionResult> {
    const sha256 = new Map<string, string>();
    for (const [name, w] of writers) sha256.set(name, (await w.close()).sha256);
    const fileInfos = files.map((f) => ({ name: f.name, shape: f.shape, dtype: f.dtype, bytes: f.bytes, sha256: sha256.get(f.name)! }));
    const duration = activeSeconds();
    const peakRssBytes = progress.peakRssBytes();
    const metrics: ExtractionMetrics = {
      samples,
      tokens: samples * seq,
      realTokens,
      samplesPerSecond: samples / duration,
      tokensPerSecond: (samples * seq) / duration,
      realTokensPerSecond: realTokens / duration,
      durationSeconds: duration,
      peakRssBytes,
      initialBatchSize: config.batchSize,
      finalBatchSize: batchSize,
      batchSizeChanges,
      resumedFromSample,
    };
    const calibration: CalibrationRecord = {
      modelId: o.model.modelId,
      format: o.model.format,
      blocksRun: config.layers[config.layers.length - 1] + 1,
      sequenceLength: seq,
      tokensPerSecond: metrics.tokensPerSecond,
      at: new Date().toISOString(),
    };
    const entries: Record<string, TapStatisticsEntry> = {};
    for (const f of taps) {
      const { layer, hook, output } = f.tap!;
      entries[fileStem(f.name)] = { layer, hook, transformerLens: HOOKS[hook].transformerLens, ...stats.get(output)!.summary() };
    }
    const statistics = statisticsDocument(entries);
    await writeDocuments(workDir, {
      statistics,
      modelInfo: { ...pickProvenance(o.model), tokenizer: o.source.tokenizer, dataset: o.dataset },
      metadata: {
        version: 1,
        config,
        samples,
        paddingSide: side,
        padTokenId: o.source.padTokenId,
        hooks: hookMeanings(),
        graph: { file: path.basename(graphPath), outputs: outputNames },
        files: fileInfos,
        metrics,
        calibration,
        timings: { startedAt, completedAt: new Date().toISOString(), activeSeconds: duration },
        runtime: { onnxruntime: ort.env.versions.node ?? "unknown", node: process.version },
      },
    });
    await rm(path.join(workDir, STATE_FILE), { force: true });
    await mkdir(path.dirname(o.outDir), { recursive: true });
    if (await exists(o.outDir)) await rm(o.outDir, { recursive: true }); // an empty or stale folder from a handler
    await rename(workDir, o.outDir);
    progress.finished(metrics.tokensPerSecond);
    return { outputDir: o.outDir, files: fileInfos, statistics, metrics, calibration };
  }
}

function pickProvenance(m: ProvenanceModel): ProvenanceModel {
  return { modelId: m.modelId, repoId: m.repoId, revision: m.revision, format: m.format, architecture: m.architecture };
}
