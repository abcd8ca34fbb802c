/**
 * Raw checkpoint → models/quantized/{id}_{format}/: the whole variant is built in a temporary
 * folder and renamed into place only when whole (validated, fidelity measured). A format that
 * fails to build or to run falls back along FORMAT_SPECS[...].fallback with the reason recorded;
 * errors in the checkpoint itself (missing tensors, bad shapes, truncated files) do not fall back.
 */
import { access, mkdir, mkdtemp, readFile, rename, rm, stat, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { CodedError, FORMAT_SPECS, isCodedError, type QuantizationFormat } from "../../../../contracts/src/index.ts";
import { describeModel } from "../architectures/describe.ts";
import type { ModelDescription } from "../architectures/descriptor.ts";
import type { Checkpoint, QuantPool } from "../contracts.ts";
import { createQuantPool } from "../quant/pool.ts";
import { openCheckpoint, type ReusableCheckpoint } from "../safetensors/index.ts";
import { fidelityReport, type FidelityReport } from "../validate/fidelity.ts";
import { validateVariant, type ValidationResult } from "../validate/validate.ts";
import { makeQuantizationConfig, QUANTIZATION_CONFIG_FILE, type QuantizationConfig } from "./quantization-config.ts";
import { copyCarriedFiles, hashSourceFiles } from "./source-files.ts";
import { writeVariant, type WeightProgress, type WrittenVariant } from "./write-variant.ts";

export interface ConversionProgress {
  readonly phase: "conversion" | "validation";
  /** The format being built (changes on fallback). */
  readonly format: QuantizationFormat;
  readonly tensorsDone: number;
  readonly tensorsTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** 0..100 within the phase. */
  readonly percent: number;
  /** float32 weight bytes processed per second. */
  readonly speed: number | null;
  readonly etaSeconds: number | null;
  readonly currentTensor: string | null;
  readonly message: string | null;
}

export interface ConvertOptions {
  /** Folder with config.json, *.safetensors (or an index) and tokenizer files. */
  readonly rawDir: string;
  /** Must not exist yet; created whole at the end. */
  readonly outDir: string;
  readonly format: QuantizationFormat;
  /** Scratch space on the same filesystem as outDir (the final step is a rename). */
  readonly tempDir: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ConversionProgress) => void;
  /** Commit sha of the downloaded revision, recorded in quantization_config.json. */
  readonly revision?: string;
  /** A shared quantization pool; one is created (and closed) for this call otherwise. */
  readonly pool?: QuantPool;
  /**
   * Measure fidelity against the FP32 model (default true). It runs in a child process: the
   * variant's session, then the FP32 reference one block at a time (validate/reference.ts), so
   * its peak is about the larger of the variant's session and one FP32 block.
   */
  readonly measureFidelity?: boolean;
}

export interface ConversionResult {
  readonly requestedFormat: QuantizationFormat;
  /** The format actually built (after any fallback). */
  readonly format: QuantizationFormat;
  readonly fallbackReason: string | null;
  readonly outDir: string;
  readonly files: ReadonlyArray<{ readonly name: string; readonly bytes: number }>;
  readonly diskBytes: number;
  readonly parameterCount: number;
  readonly bitsPerWeight: number;
  readonly compressionRatio: number;
  readonly seconds: number;
  readonly validation: ValidationResult;
  /** Null for FP32 (it is the reference) or when measureFidelity is false. */
  readonly fidelity: FidelityReport | null;
  readonly quantizationConfig: QuantizationConfig;
}

/** Errors that say the checkpoint or the request is wrong: another format cannot help. */
const NO_FALLBACK_CODES = new Set(["BAD_USER_INPUT", "INTEGRITY", "NOT_FOUND", "INCOMPATIBLE", "CANCELLED", "INSUFFICIENT_STORAGE"]);

const exists = (file: string) => access(file).then(() => true, () => false);

async function readConfig(rawDir: string): Promise<unknown> {
  const file = path.join(rawDir, "config.json");
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new CodedError("BAD_USER_INPUT", `Cannot read ${file}: ${(error as Error).message}`);
  }
}

function asCancellation(error: unknown, signal: AbortSignal | undefined): unknown {
  return signal?.aborted && !isCodedError(error) ? new CodedError("CANCELLED", "The conversion was cancelled.") : error;
}

class ProgressReporter {
  private readonly started = performance.now();
  constructor(
    private readonly format: QuantizationFormat,
    private readonly listener?: (progress: ConversionProgress) => void,
  ) {}

  weights(p: WeightProgress): void {
    const seconds = (performance.now() - this.started) / 1000;
    const speed = seconds > 0 ? p.bytesDone / seconds : null;
    this.listener?.({
      phase: "conversion",
      format: this.format,
      ...p,
      percent: (100 * p.bytesDone) / p.bytesTotal,
      speed,
      etaSeconds: speed ? (p.bytesTotal - p.bytesDone) / speed : null,
      message: null,
    });
  }

  validation(message: string): void {
    this.listener?.({ phase: "validation", format: this.format, tensorsDone: 0, tensorsTotal: 0, bytesDone: 0, bytesTotal: 0, percent: 0, speed: null, etaSeconds: null, currentTensor: null, message });
  }
}

interface BuildContext {
  readonly checkpoint: ReusableCheckpoint;
  readonly description: ModelDescription;
  readonly pool: QuantPool;
  readonly signal?: AbortSignal;
}

async function buildAndValidate(ctx: BuildContext, format: QuantizationFormat, dir: string, progress: ProgressReporter) {
  await mkdir(dir);
  const written = await writeVariant({ ...ctx, format, dir, concurrency: 3, onProgress: (p) => progress.weights(p) });
  progress.validation(`validating the ${format} graph on the probe input`);
  const validation = await validateVariant(dir, ctx.signal);
  return { written, validation };
}

/** Builds the first format along the fallback chain that builds and runs. */
async function buildWithFallback(ctx: BuildContext, options: ConvertOptions, workDir: string) {
  const reasons: string[] = [];
  for (let format: QuantizationFormat | undefined = options.format; format; format = FORMAT_SPECS[format].fallback) {
    const dir = path.join(workDir, format);
    try {
      const built = await buildAndValidate(ctx, format, dir, new ProgressReporter(format, options.onProgress));
      return { format, dir, ...built, fallbackReason: reasons.length > 0 ? reasons.join("; ") : null };
    } catch (error) {
      const failure = asCancellation(error, ctx.signal);
      const code = isCodedError(failure) ? failure.code : "INTERNAL";
      if (NO_FALLBACK_CODES.has(code) || !FORMAT_SPECS[format].fallback) throw failure;
      reasons.push(`${format} failed (${(failure as Error).message}); fell back to ${FORMAT_SPECS[format].fallback}`);
      await rm(dir, { recursive: true, force: true });
    }
  }
  throw new CodedError("INTERNAL", "no format could be built"); // unreachable: FP32 has no fallback and rethrows
}

/** The exact FP32 model is the reference, run block by block from the checkpoint in scratch space. */
async function measureFidelity(options: ConvertOptions, variantDir: string, workDir: string, progress: ProgressReporter): Promise<FidelityReport> {
  const scratchDir = path.join(workDir, "fp32-reference");
  try {
    progress.validation("measuring fidelity against the FP32 model, block by block");
    return await fidelityReport(variantDir, options.rawDir, scratchDir, options.signal);
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}

async function listFiles(dir: string): Promise<Array<{ name: string; bytes: number }>> {
  const names = (await readdir(dir)).sort();
  return Promise.all(names.map(async (name) => ({ name, bytes: (await stat(path.join(dir, name))).size })));
}

function parameterCount(description: ModelDescription, checkpoint: Checkpoint): number {
  const sources = new Set(description.weights.flatMap((w) => w.sources.map((s) => s.name)));
  return [...sources].reduce((n, name) => n + checkpoint.tensors.get(name)!.shape.reduce((a, b) => a * b, 1), 0);
}

export async function convertCheckpoint(options: ConvertOptions): Promise<ConversionResult> {
  const started = performance.now();
  if (await exists(options.outDir)) throw new CodedError("CONFLICT", `${options.outDir} already exists: this model and format were already converted.`);
  const config = await readConfig(options.rawDir);
  const checkpoint = await openCheckpoint(options.rawDir);
  let ownPool: QuantPool | undefined;
  let workDir: string | undefined;
  try {
    await mkdir(options.tempDir, { recursive: true });
    workDir = await mkdtemp(path.join(options.tempDir, "convert-"));
    const pool = options.pool ?? (ownPool = createQuantPool());
    const description = describeModel(config, [...checkpoint.tensors.values()]);
    const ctx: BuildContext = { checkpoint, description, pool, ...(options.signal ? { signal: options.signal } : {}) };
    const built = await buildWithFallback(ctx, options, workDir);
    const progress = new ProgressReporter(built.format, options.onProgress);
    const fidelity = built.format === "FP32" || options.measureFidelity === false ? null : await measureFidelity(options, built.dir, workDir, progress);
    options.signal?.throwIfAborted();

    await copyCarriedFiles(options.rawDir, built.dir);
    const shardFiles = [...new Set([...checkpoint.tensors.values()].map((t) => t.file))];
    const quantizationConfig = await writeQuantizationConfig(options, built, description, checkpoint, await hashSourceFiles(options.rawDir, shardFiles));
    const files = await listFiles(built.dir);
    await mkdir(path.dirname(options.outDir), { recursive: true });
    await rename(built.dir, options.outDir);
    return {
      requestedFormat: options.format,
      format: built.format,
      fallbackReason: built.fallbackReason,
      outDir: options.outDir,
      files,
      diskBytes: files.reduce((n, f) => n + f.bytes, 0),
      parameterCount: quantizationConfig.parameterCount,
      bitsPerWeight: quantizationConfig.achievedBitsPerWeight,
      compressionRatio: quantizationConfig.compressionRatio,
      seconds: (performance.now() - started) / 1000,
      validation: built.validation,
      fidelity,
      quantizationConfig,
    };
  } catch (error) {
    throw asCancellation(error, options.signal);
  } finally {
    if (workDir) await rm(workDir, { recursive: true, force: true });
    await checkpoint.close();
    await ownPool?.close();
  }
}

async function writeQuantizationConfig(
  options: ConvertOptions,
  built: { format: QuantizationFormat; dir: string; written: WrittenVariant; fallbackReason: string | null },
  description: ModelDescription,
  checkpoint: Checkpoint,
  sourceFileSha256: Record<string, string>,
): Promise<QuantizationConfig> {
  const storedElements = description.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  const filesBeforeConfig = await listFiles(built.dir);
  const draft = (sizeOnDiskBytes: number) =>
    makeQuantizationConfig({
      format: built.format,
      requestedFormat: options.format,
      fallbackReason: built.fallbackReason,
      parameterCount: parameterCount(description, checkpoint),
      storedElements,
      weightBytes: built.written.payloadBytes,
      unquantized: built.written.unquantized,
      sizeOnDiskBytes,
      revision: options.revision ?? null,
      sourceFileSha256,
    });
  // The size on disk includes this file itself: its length barely depends on the number in it.
  const withoutSelf = filesBeforeConfig.reduce((n, f) => n + f.bytes, 0);
  const selfBytes = Buffer.byteLength(JSON.stringify(draft(withoutSelf), null, 2));
  const config = draft(withoutSelf + selfBytes);
  await writeFile(path.join(built.dir, QUANTIZATION_CONFIG_FILE), JSON.stringify(config, null, 2));
  return config;
}
