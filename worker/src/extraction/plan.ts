/**
 * The plan shown before an extraction starts: exact storage, an honest time estimate, free disk,
 * warnings, and a refusal when the disk cannot hold the output.
 *
 * Time: tokens/s measured by earlier runs of the same model variant on this machine
 * (calibration records, scaled by how many blocks each run executed, since a tap graph stops at
 * its deepest layer); without any, a first-run estimate from the FLOPs per token.
 */
import { CodedError, type QuantizationFormat, type ResolvedExtractionConfig } from "../../../contracts/src/index.ts";
import { validateExtractionConfig, type ModelLimits } from "./config.ts";
import { extractionFiles, type PlannedFile } from "./layout.ts";

export const WARN_SECONDS = 3600;
export const WARN_BYTES = 50e9;
/**
 * Sustained FLOP/s of ORT's CPU EP on this 2-core machine for prefill (ORT.md: GPT-2 small runs
 * about 800 tok/s at ~250 MFLOP/token ≈ 200 GFLOP/s); taken lower so a first estimate errs long.
 */
export const FIRST_RUN_FLOPS = 150e9;

export interface PlanModel extends ModelLimits {
  readonly modelId: string;
  readonly format: QuantizationFormat;
  readonly hiddenSize: number;
  /** MLP width; 4 × hidden when unknown. */
  readonly intermediateSize?: number;
}

/** One finished extraction's throughput, kept by the caller (the API reads them from past runs' metrics). */
export interface CalibrationRecord {
  readonly modelId: string;
  readonly format: QuantizationFormat;
  /** Blocks the run's graph executed (deepest layer + 1). */
  readonly blocksRun: number;
  readonly sequenceLength: number;
  readonly tokensPerSecond: number;
  readonly at: string;
}

export interface ExtractionPlan {
  readonly storageBytes: number;
  readonly estimatedSeconds: number;
  readonly estimateSource: "calibrated" | "first-run";
  readonly freeDiskBytes: number;
  readonly samples: number;
  readonly layers: number[];
  readonly warnings: string[];
  readonly files: PlannedFile[];
  readonly config: ResolvedExtractionConfig;
}

export interface PlanInput {
  readonly config: ResolvedExtractionConfig;
  readonly model: PlanModel;
  /** Samples in the dataset (the plan takes min(maxSamples, this)). */
  readonly datasetSamples: number;
  readonly freeDiskBytes: number;
  readonly calibration?: readonly CalibrationRecord[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Tokens per second for a graph running `blocksRun` blocks: calibrated when any record matches this variant. */
export function estimateTokensPerSecond(
  model: PlanModel,
  blocksRun: number,
  calibration: readonly CalibrationRecord[] = [],
): { tokensPerSecond: number; source: ExtractionPlan["estimateSource"] } {
  const same = calibration.filter((r) => r.modelId === model.modelId && r.format === model.format && r.tokensPerSecond > 0 && r.blocksRun > 0);
  if (same.length > 0) {
    // Cost per token grows linearly with the blocks run, so scale each record to this depth.
    return { tokensPerSecond: median(same.map((r) => (r.tokensPerSecond * r.blocksRun) / blocksRun)), source: "calibrated" };
  }
  const h = model.hiddenSize;
  const flopsPerBlock = 2 * (4 * h * h + 2 * h * (model.intermediateSize ?? 4 * h));
  return { tokensPerSecond: FIRST_RUN_FLOPS / (flopsPerBlock * blocksRun), source: "first-run" };
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

export function planExtraction(input: PlanInput): ExtractionPlan {
  const config = validateExtractionConfig(input.config, input.model);
  const samples = Math.min(config.maxSamples ?? input.datasetSamples, input.datasetSamples);
  if (samples < 1) throw new CodedError("BAD_USER_INPUT", "The dataset has no samples.", "input.datasetId");
  const files = extractionFiles(config, samples, input.model.hiddenSize);
  const storageBytes = files.reduce((a, f) => a + f.bytes, 0);
  const blocksRun = config.layers[config.layers.length - 1] + 1;
  const { tokensPerSecond, source } = estimateTokensPerSecond(input.model, blocksRun, input.calibration);
  const estimatedSeconds = (samples * config.sequenceLength) / tokensPerSecond;
  if (storageBytes > input.freeDiskBytes) {
    throw new CodedError(
      "INSUFFICIENT_STORAGE",
      `The extraction needs ${gb(storageBytes)} but only ${gb(input.freeDiskBytes)} is free.`,
      "input.maxSamples",
      { storageBytes, freeDiskBytes: input.freeDiskBytes },
    );
  }
  const warnings: string[] = [];
  if (estimatedSeconds > WARN_SECONDS) warnings.push(`Estimated duration ${(estimatedSeconds / 3600).toFixed(1)} h (over an hour).`);
  if (storageBytes > WARN_BYTES) warnings.push(`Output size ${gb(storageBytes)} (over 50 GB).`);
  if (storageBytes > 0.9 * input.freeDiskBytes) warnings.push(`The output takes over 90% of the free disk (${gb(input.freeDiskBytes)}).`);
  if (source === "first-run") warnings.push("First run of this model: the time is a rough estimate until a run has been measured.");
  return { storageBytes, estimatedSeconds, estimateSource: source, freeDiskBytes: input.freeDiskBytes, samples, layers: config.layers, warnings, files, config };
}
