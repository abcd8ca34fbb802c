/**
 * `planModel`: everything the product can say about a repo before downloading it, from the Hub's
 * metadata alone (model info, tree, config.json, ranged safetensors header reads).
 *
 * The repo-and-revision part is cached (keyed by endpoint, repo and commit sha, never the token);
 * model info is always asked afresh with the caller's token, and for a gated repo config.json is
 * re-read with it, so a cached plan is never served to a caller who could not read the repo.
 */
import path from "node:path";
import { CodedError, isCodedError, type QuantizationFormat } from "../../../contracts/src/index.ts";
import type { FormatEstimate, SourceDType, TensorInfo } from "../engine/contracts.ts";
import { freeDiskBytes } from "./disk-space.ts";
import { fetchConfigJson } from "./fetch-config-json.ts";
import { DEFAULT_DEVICE_BUDGET_BYTES, fitVerdict, storageVerdict } from "./fit-verdict.ts";
import { resolveHubAccess } from "./hub-access.ts";
import { listRepoFiles } from "./list-repo-files.ts";
import { LruCache } from "./lru-cache.ts";
import type { FormatPlan, ModelPlan, PlanFile } from "./model-plan.ts";
import { parametersByDType, totalParameters } from "./parameter-count.ts";
import { ENGINE, type PlanEngine } from "./plan-engine.ts";
import { readSafetensorsHeaders, type HeaderTensor } from "./read-safetensors-headers.ts";
import { fetchRepoInfo } from "./repo-info.ts";
import { selectWeightsAndCompanions, shardFiles } from "./select-download-files.ts";

export interface PlanModelOptions {
  readonly repoId: string;
  /** Branch, tag or sha; default "main". The plan pins the commit it resolves to. */
  readonly revision?: string;
  /** Caller's token (falls back to HF_TOKEN); used for this request only, never cached. */
  readonly accessToken?: string | null;
  /** Default HF_ENDPOINT, then https://huggingface.co. */
  readonly hubUrl?: string;
  /** Where models will be stored (free space is measured there); default DATA_DIR, then ./data. */
  readonly dataDir?: string;
  readonly deviceBudgetBytes?: number;
  /** Format whose conversion output counts in requiredDiskBytes; default Q4. */
  readonly targetFormat?: QuantizationFormat;
  readonly engine?: PlanEngine;
}

/** The part of a plan that depends only on the repo at a commit. */
interface RepoAnalysis {
  readonly gated: boolean;
  readonly architecture: string | null;
  readonly unsupportedReason: string | null;
  readonly files: readonly PlanFile[];
  readonly parametersByDType: Readonly<Record<string, number>>;
  readonly estimates: readonly FormatEstimate[];
  readonly config: Readonly<Record<string, unknown>>;
}

const CONVERTIBLE_DTYPES: ReadonlySet<string> = new Set<SourceDType>(["F32", "F16", "BF16"]);
const RECOMMENDED_FORMAT: QuantizationFormat = "Q4";
const analyses = new LruCache<RepoAnalysis>(64);

export function clearPlanCache(): void {
  analyses.clear();
}

export async function planModel(options: PlanModelOptions): Promise<ModelPlan> {
  const access = resolveHubAccess({ accessToken: options.accessToken, hubUrl: options.hubUrl });
  const info = await fetchRepoInfo({ repoId: options.repoId, revision: options.revision, access });
  const key = `${access.hubUrl}|${info.repoId}|${info.sha}`;
  let analysis = analyses.get(key);
  if (analysis === undefined) {
    analysis = await analyzeRepo(info.repoId, info.sha, info.gated !== false, access, options.engine ?? ENGINE);
    analyses.set(key, analysis);
  } else if (analysis.gated) {
    // Gated repos answer model info to anyone; the file routes are what the token unlocks.
    await fetchConfigJson({ repoId: info.repoId, revision: info.sha, access });
  }
  const budget = options.deviceBudgetBytes ?? DEFAULT_DEVICE_BUDGET_BYTES;
  const targetFormat = options.targetFormat ?? RECOMMENDED_FORMAT;
  const dataDir = options.dataDir ?? process.env.DATA_DIR ?? "./data";
  const formats = analysis.estimates.map((estimate): FormatPlan => {
    const fit = fitVerdict(estimate.memoryBytes, budget);
    return { ...estimate, fit, recommended: estimate.format === RECOMMENDED_FORMAT && fit !== "RED" };
  });
  const downloadBytes = analysis.files.reduce((sum, file) => sum + file.size, 0);
  const conversionBytes = analysis.estimates.find((estimate) => estimate.format === targetFormat)?.diskBytes ?? 0;
  const requiredDiskBytes = downloadBytes + conversionBytes;
  const free = await freeDiskBytes(path.resolve(dataDir));
  const storage = storageVerdict(free, requiredDiskBytes);
  return {
    repoId: info.repoId,
    revision: info.sha,
    gated: analysis.gated,
    architecture: analysis.architecture,
    supported: analysis.unsupportedReason === null,
    unsupportedReason: analysis.unsupportedReason,
    files: analysis.files,
    downloadBytes,
    parameterCount: totalParameters(analysis.parametersByDType),
    parametersByDType: analysis.parametersByDType,
    formats,
    deviceBudgetBytes: budget,
    freeDiskBytes: free,
    requiredDiskBytes,
    targetFormat,
    storage,
    warnings: planWarnings(formats, storage, free, requiredDiskBytes, budget, analysis.unsupportedReason === null),
    config: analysis.config,
  };
}

/** For the download mutation/job: refuse to start when the plan says the disk cannot hold it. */
export function assertStorageFits(plan: ModelPlan): void {
  if (plan.storage === "INSUFFICIENT") {
    throw new CodedError(
      "INSUFFICIENT_STORAGE",
      `Not enough free disk: ${formatBytes(plan.freeDiskBytes)} free, ${formatBytes(plan.requiredDiskBytes)} needed for the download and the ${plan.targetFormat} conversion.`,
    );
  }
}

async function analyzeRepo(repoId: string, sha: string, gated: boolean, access: ReturnType<typeof resolveHubAccess>, engine: PlanEngine): Promise<RepoAnalysis> {
  const tree = await listRepoFiles({ repoId, revision: sha, access });
  const { weightsPath, companions } = selectWeightsAndCompanions(repoId, tree);
  // config.json first: for a gated repo it is the request that proves (or refuses) access.
  const config = await fetchConfigJson({ repoId, revision: sha, access });
  const tensors = await readSafetensorsHeaders({ repoId, revision: sha, weightsPath, access });
  const weights = shardFiles(repoId, tree, weightsPath, tensors.map((tensor) => tensor.file));
  const files = [...companions, ...weights].map((file): PlanFile => ({ path: file.path, size: file.size, sha256: file.lfsSha256 ?? null, gitOid: file.gitOid }));
  const { unsupportedReason, estimates } = convertibility(config, tensors, engine);
  return {
    gated,
    architecture: typeof config.model_type === "string" ? config.model_type : null,
    unsupportedReason,
    files,
    parametersByDType: parametersByDType(tensors),
    estimates,
    config,
  };
}

function convertibility(
  config: Readonly<Record<string, unknown>>,
  tensors: readonly HeaderTensor[],
  engine: PlanEngine,
): { unsupportedReason: string | null; estimates: readonly FormatEstimate[] } {
  const odd = tensors.find((tensor) => !CONVERTIBLE_DTYPES.has(tensor.dtype));
  if (odd) {
    return {
      unsupportedReason: `Tensor ${odd.name} is stored as ${odd.dtype}; only F32, F16 and BF16 checkpoints can be converted (already-quantized checkpoints cannot).`,
      estimates: [],
    };
  }
  try {
    const { roled, tiedEmbeddings } = engine.classify(config, tensors as readonly TensorInfo[]);
    return { unsupportedReason: null, estimates: engine.estimate(roled, tiedEmbeddings) };
  } catch (error) {
    if (isCodedError(error)) return { unsupportedReason: error.message, estimates: [] };
    throw error;
  }
}

function planWarnings(formats: readonly FormatPlan[], storage: ModelPlan["storage"], free: number, required: number, budget: number, supported: boolean): string[] {
  const warnings: string[] = [];
  if (storage === "INSUFFICIENT") warnings.push(`Not enough free disk: ${formatBytes(free)} free, ${formatBytes(required)} needed for the download and conversion.`);
  if (storage === "LOW") warnings.push(`Free disk is low: ${formatBytes(free)} free, ${formatBytes(free - required)} left after the download and conversion.`);
  if (supported && formats.length > 0 && formats.every((format) => format.fit === "RED")) {
    warnings.push(`No format fits the device memory budget of ${formatBytes(budget)}.`);
  }
  return warnings;
}

function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
