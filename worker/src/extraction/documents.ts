/**
 * The JSON files beside the activations: metadata.json (configuration, timings, file list with
 * shapes/dtypes/sizes/sha256, metrics), model_info.json (provenance) and statistics.json. Also
 * reads a completed extraction back, so a finished run can be listed (or a repeated job
 * answered) from the folder alone.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { CodedError, HOOKS, type HookType, type QuantizationFormat, type ResolvedExtractionConfig } from "../../../contracts/src/index.ts";
import type { NpyDType } from "./npy.ts";
import type { CalibrationRecord } from "./plan.ts";
import type { BatchSizeChange } from "./state.ts";
import { SPARSITY_THRESHOLD, type TapStatisticsSummary } from "./statistics.ts";
import type { TokenizerDescription } from "./tokenize.ts";

export const METADATA_FILE = "metadata.json";
export const MODEL_INFO_FILE = "model_info.json";
export const STATISTICS_FILE = "statistics.json";

export interface ExtractionFileInfo {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: NpyDType;
  readonly bytes: number;
  readonly sha256: string;
}

export interface ExtractionMetrics {
  readonly samples: number;
  /** samples × sequence length: what the model computed, padding included. */
  readonly tokens: number;
  readonly realTokens: number;
  readonly samplesPerSecond: number;
  readonly tokensPerSecond: number;
  readonly realTokensPerSecond: number;
  /** Seconds spent running, summed over restarts (time between a kill and the resume is excluded). */
  readonly durationSeconds: number;
  readonly peakRssBytes: number;
  readonly initialBatchSize: number;
  readonly finalBatchSize: number;
  readonly batchSizeChanges: BatchSizeChange[];
  readonly resumedFromSample: number;
}

export interface TapStatisticsEntry extends TapStatisticsSummary {
  readonly layer: number;
  readonly hook: HookType;
  readonly transformerLens: string;
}

export interface StatisticsDocument {
  readonly sparsityThreshold: number;
  readonly scope: string;
  /** Keyed by file name without `.npy`, e.g. `layer_3_residual`. */
  readonly taps: Record<string, TapStatisticsEntry>;
}

export interface ProvenanceModel {
  readonly modelId: string;
  readonly repoId: string;
  readonly revision: string | null;
  readonly format: QuantizationFormat;
  readonly architecture: string;
}

export interface ProvenanceDataset {
  readonly datasetId: string | null;
  readonly source: unknown;
}

export interface ModelInfoDocument extends ProvenanceModel {
  readonly tokenizer: TokenizerDescription | null;
  readonly dataset: ProvenanceDataset;
}

export interface MetadataDocument {
  readonly version: 1;
  readonly config: ResolvedExtractionConfig;
  readonly samples: number;
  readonly paddingSide: "right" | "left";
  readonly padTokenId: number;
  readonly hooks: Record<string, string>;
  readonly graph: { readonly file: string; readonly outputs: string[] };
  readonly files: ExtractionFileInfo[];
  readonly metrics: ExtractionMetrics;
  readonly calibration: CalibrationRecord;
  readonly timings: { readonly startedAt: string; readonly completedAt: string; readonly activeSeconds: number };
  readonly runtime: { readonly onnxruntime: string; readonly node: string };
}

export interface ExtractionResult {
  readonly outputDir: string;
  readonly files: ExtractionFileInfo[];
  readonly statistics: StatisticsDocument;
  readonly metrics: ExtractionMetrics;
  readonly calibration: CalibrationRecord;
}

export function statisticsDocument(entries: Record<string, TapStatisticsEntry>): StatisticsDocument {
  return {
    sparsityThreshold: SPARSITY_THRESHOLD,
    scope: "real tokens only (attention_mask == 1); padding positions are excluded; values as stored (after any float16 rounding)",
    taps: entries,
  };
}

export const hookMeanings = () => Object.fromEntries(Object.values(HOOKS).map((h) => [h.file, `${h.transformerLens}: ${h.meaning}`]));

export async function writeDocuments(
  dir: string,
  docs: { metadata: MetadataDocument; modelInfo: ModelInfoDocument; statistics: StatisticsDocument },
): Promise<void> {
  await writeFile(path.join(dir, STATISTICS_FILE), JSON.stringify(docs.statistics, null, 2));
  await writeFile(path.join(dir, MODEL_INFO_FILE), JSON.stringify(docs.modelInfo, null, 2));
  // Last: a folder with metadata.json is a complete extraction.
  await writeFile(path.join(dir, METADATA_FILE), JSON.stringify(docs.metadata, null, 2));
}

/** The result of a completed extraction folder, or null when it holds none. */
export async function readCompletedExtraction(outDir: string): Promise<ExtractionResult | null> {
  let metadata: MetadataDocument;
  try {
    metadata = JSON.parse(await readFile(path.join(outDir, METADATA_FILE), "utf8")) as MetadataDocument;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new CodedError("INTEGRITY", `${path.join(outDir, METADATA_FILE)} cannot be read: ${(error as Error).message}`);
  }
  const statistics = JSON.parse(await readFile(path.join(outDir, STATISTICS_FILE), "utf8")) as StatisticsDocument;
  return { outputDir: outDir, files: metadata.files, statistics, metrics: metadata.metrics, calibration: metadata.calibration };
}
