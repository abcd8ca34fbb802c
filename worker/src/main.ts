/**
 * A worker process: one BullMQ Worker per queue, one job at a time each. Run several processes
 * (on several hosts) to scale; a job whose worker dies is taken over by another after its lock
 * expires (BullMQ stalled-job check).
 */
import { Worker } from "bullmq";
import { JOB_QUEUE, QUEUES, type JobName, type QueueName } from "../../contracts/src/index.ts";
import { dataPaths, loadConfig } from "../../server/src/config.ts";
import { createDb } from "../../server/src/db.ts";
import { createLogger } from "../../server/src/logger.ts";
import { createRedis } from "../../server/src/redis.ts";
import { JobQueues } from "../../server/src/services/jobs.ts";
import { handlers } from "./jobs/index.ts";
import { listenForCancellations } from "./runtime/cancellation.ts";
import type { WorkerDeps } from "./runtime/context.ts";
import { createProcessor } from "./runtime/processor.ts";
import { assertComplete } from "./runtime/registry.ts";

async function main(): Promise<void> {
  assertComplete(handlers);
  const config = loadConfig();
  if (!config.databaseUrl || !config.redisUrl) {
    throw new Error("A worker needs DATABASE_URL and REDIS_URL (npm start sets both for its own worker).");
  }
  const redis = createRedis(config.redisUrl);
  const subscriber = createRedis(config.redisUrl);
  const deps: WorkerDeps = {
    config,
    paths: dataPaths(config.dataDir),
    db: createDb(config.databaseUrl),
    redis,
    queues: new JobQueues(redis, config.redisPrefix),
    log: createLogger(config.logLevel, "worker"),
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
        connection: createRedis(config.redisUrl),
        prefix: config.redisPrefix,
        concurrency: 1,
        lockDuration: config.workerLockMs,
        stalledInterval: config.workerLockMs,
        // A job survives one crashed worker (and a second); a job that kills every worker fails.
        maxStalledCount: 2,
      },
    );
    worker.on("error", (error) => deps.log.error({ queue, err: error.message }, "worker error"));
    workers.set(queue, worker);
  }
  await listenForCancellations(subscriber, config.redisPrefix, workers, deps.log);
  await Promise.all([...workers.values()].map((worker) => worker.waitUntilReady()));
  deps.log.info({ queues: [...workers.keys()], pid: process.pid }, "worker ready");

  const stop = async (signal: string) => {
    deps.log.info({ signal }, "worker shutting down");
    // close() lets running jobs finish; a second signal exits at once (their locks then expire).
    process.once(signal as NodeJS.Signals, () => process.exit(1));
    await Promise.all([...workers.values()].map((worker) => worker.close()));
    await deps.queues.close();
    await deps.db.$disconnect();
    subscriber.disconnect();
    redis.disconnect();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
