/**
 * The contract between the API server (which enqueues) and workers (which run). One union of
 * `{ name, data }` keyed by job name; both sides import it, and a worker refuses to start unless
 * every name has exactly one handler.
 *
 * Hub tokens never appear here: the server parks a token in Redis under a short-lived secret key
 * (see `secretKey`) and puts only that key's name in the job; the worker reads it, uses it for the
 * Hub only, and deletes it when the job ends.
 */
import type { QuantizationFormat } from "./formats.ts";
import type { HookType } from "./hooks.ts";

export const QUEUES = {
  download: "downloads",
  conversion: "conversions",
  extraction: "extractions",
  dataset: "datasets",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface DownloadModelJob {
  name: "download-model";
  data: { modelId: string; repoId: string; revision: string; format: QuantizationFormat; secretKey?: string };
}

export interface ConvertModelJob {
  name: "convert-model";
  /** `modelId` is the variant being built; `sourceModelId` owns the raw checkpoint (itself for a first conversion). */
  data: { modelId: string; sourceModelId: string; format: QuantizationFormat };
}

export interface ExtractActivationsJob {
  name: "extract-activations";
  data: { extractionId: string };
}

export interface ImportDatasetJob {
  name: "import-dataset";
  data: { datasetId: string; secretKey?: string };
}

export type JobContract = DownloadModelJob | ConvertModelJob | ExtractActivationsJob | ImportDatasetJob;
export type JobName = JobContract["name"];
export type JobOf<N extends JobName> = Extract<JobContract, { name: N }>;
export type JobDataOf<N extends JobName> = JobOf<N>["data"];

/** Which queue carries which job: one queue per kind, one job at a time per kind per worker. */
export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  "download-model": QUEUES.download,
  "convert-model": QUEUES.conversion,
  "extract-activations": QUEUES.extraction,
  "import-dataset": QUEUES.dataset,
};

/** Transient failures: 3 attempts with exponential backoff. */
export const JOB_ATTEMPTS = 3;
export const JOB_BACKOFF_MS = 2_000;

/** Redis key holding a Hub token for the life of one job (TTL as a backstop). */
export const secretKey = (prefix: string, jobId: string) => `${prefix}:secret:${jobId}`;
export const SECRET_TTL_SECONDS = 6 * 60 * 60;

/** Redis pub/sub channel on which the server asks workers to cancel a running job. */
export const cancelChannel = (prefix: string) => `${prefix}:cancel`;
export interface CancelRequest {
  queue: QueueName;
  jobId: string;
  reason: string;
}

/** Layer/hook selection after templates and relative selections have been resolved. */
export interface ResolvedExtractionConfig {
  layers: number[];
  hooks: HookType[];
  maxSamples: number | null;
  batchSize: number;
  sequenceLength: number;
  topK: number;
  storageDType: "float32" | "float16";
}
