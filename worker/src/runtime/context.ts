/** What a job handler gets: its data, an AbortSignal, trackers, scratch space, the parked token. */
import { mkdir, rm } from "node:fs/promises";
import type { Job } from "bullmq";
import type { JobDataOf, JobName } from "../../../contracts/src/index.ts";
import type { Config, DataPaths } from "../../../server/src/config.ts";
import type { Db } from "../../../server/src/db.ts";
import type { Logger } from "../../../server/src/logger.ts";
import type { Redis } from "../../../server/src/redis.ts";
import type { JobQueues } from "../../../server/src/services/jobs.ts";
import { datasetSpec, extractionSpec, modelSpec, Tracker, type DatasetTracker, type ExtractionTracker, type ModelTracker } from "./trackers.ts";

export interface WorkerDeps {
  config: Config;
  paths: DataPaths;
  db: Db;
  redis: Redis;
  queues: JobQueues;
  log: Logger;
}

export interface JobContext<N extends JobName> {
  readonly name: N;
  readonly jobId: string;
  readonly data: JobDataOf<N>;
  /** 1 on the first attempt. */
  readonly attempt: number;
  readonly signal: AbortSignal;
  readonly log: Logger;
  readonly deps: WorkerDeps;
  model(id: string): ModelTracker;
  extraction(id: string): ExtractionTracker;
  dataset(id: string): DatasetTracker;
  /** The Hub token the server parked for this job, if any. Never log or persist it. */
  secret(): Promise<string | undefined>;
  /** DATA_DIR/temp/<jobId>: kept across retries (resumable work), removed when the job ends. */
  tempDir(): Promise<string>;
}

export function trackers(deps: WorkerDeps): Pick<JobContext<JobName>, "model" | "extraction" | "dataset"> {
  const trackerDeps = { db: deps.db, redis: deps.redis, prefix: deps.config.redisPrefix };
  return {
    model: (id) => new Tracker(trackerDeps, modelSpec, id),
    extraction: (id) => new Tracker(trackerDeps, extractionSpec, id),
    dataset: (id) => new Tracker(trackerDeps, datasetSpec, id),
  };
}

export function createJobContext<N extends JobName>(deps: WorkerDeps, job: Job<JobDataOf<N>, unknown, N>, signal: AbortSignal): JobContext<N> {
  return {
    ...trackers(deps),
    name: job.name,
    jobId: job.id!,
    data: job.data,
    attempt: job.attemptsMade + 1,
    signal,
    log: deps.log.child({ jobId: job.id, job: job.name, attempt: job.attemptsMade + 1 }),
    deps,
    secret: async () => {
      const key = (job.data as { secretKey?: string }).secretKey;
      return key ? ((await deps.redis.get(key)) ?? deps.config.hfToken) : deps.config.hfToken;
    },
    tempDir: async () => {
      const dir = deps.paths.temp(job.id!);
      await mkdir(dir, { recursive: true });
      return dir;
    },
  };
}

/** Removes what only this job's life needed: its parked token and its scratch folder. */
export async function releaseJobResources(deps: WorkerDeps, job: Job): Promise<void> {
  const key = (job.data as { secretKey?: string }).secretKey;
  if (key) await deps.redis.del(key);
  await rm(deps.paths.temp(job.id!), { recursive: true, force: true });
}
