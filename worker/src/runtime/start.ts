/**
 * Starts the worker runtime: one BullMQ Worker per queue (concurrency 1), the cancel listener,
 * and the handler registry check. `close` lets running jobs finish, then disconnects.
 */
import { Worker } from "bullmq";
import { JOB_QUEUE, QUEUES, type JobName, type QueueName } from "../../../contracts/src/index.ts";
import { dataPaths, type Config } from "../../../server/src/config.ts";
import { createDb } from "../../../server/src/db.ts";
import { createLogger, type DestinationStream } from "../../../server/src/logger.ts";
import { createRedis } from "../../../server/src/redis.ts";
import { JobQueues } from "../../../server/src/services/jobs.ts";
import { handlers } from "../jobs/index.ts";
import { listenForCancellations } from "./cancellation.ts";
import type { WorkerDeps } from "./context.ts";
import { createProcessor } from "./processor.ts";
import { assertComplete } from "./registry.ts";

export interface WorkerRuntime {
  close(): Promise<void>;
}

export async function startWorkerRuntime(config: Config, logDestination?: DestinationStream): Promise<WorkerRuntime> {
  assertComplete(handlers);
  if (!config.databaseUrl || !config.redisUrl) {
    throw new Error("A worker needs DATABASE_URL and REDIS_URL (npm start sets both for its own worker).");
  }
  const redisUrl = config.redisUrl;
  const redis = createRedis(redisUrl);
  const subscriber = createRedis(redisUrl);
  const deps: WorkerDeps = {
    config,
    paths: dataPaths(config.dataDir),
    db: createDb(config.databaseUrl),
    redis,
    queues: new JobQueues(redis, config.redisPrefix),
    log: createLogger(config.logLevel, "worker", logDestination),
  };

  const namesByQueue = new Map<QueueName, JobName[]>();
  for (const [name, queue] of Object.entries(JOB_QUEUE) as Array<[JobName, QueueName]>) namesByQueue.set(queue, [...(namesByQueue.get(queue) ?? []), name]);

  const workers = new Map<QueueName, Worker>();
  for (const queue of Object.values(QUEUES)) {
    const processors = new Map(namesByQueue.get(queue)!.map((name) => [name, createProcessor(deps, handlers[name] as never)]));
    const worker = new Worker(
      queue,
      (job, token, signal) => {
        const processor = processors.get(job.name as JobName);
        if (!processor) throw new Error(`No handler for job ${job.name} on ${queue}`);
        return processor(job as never, token, signal!);
      },
      {
        connection: createRedis(redisUrl),
        prefix: config.redisPrefix,
        concurrency: 1,
        lockDuration: config.workerLockMs,
        stalledInterval: config.workerLockMs,
        // A job survives a crashed worker (twice); a job that kills every worker it meets fails.
        maxStalledCount: 2,
      },
    );
    worker.on("error", (error) => deps.log.error({ queue, err: error.message }, "worker error"));
    workers.set(queue, worker);
  }
  await listenForCancellations(subscriber, config.redisPrefix, workers, deps.log);
  await Promise.all([...workers.values()].map((worker) => worker.waitUntilReady()));
  deps.log.info({ queues: [...workers.keys()], pid: process.pid }, "worker ready");

  return {
    async close() {
      await Promise.all([...workers.values()].map((worker) => worker.close()));
      await deps.queues.close();
      await deps.db.$disconnect();
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}
