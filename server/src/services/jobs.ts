/**
 * The one place the API enqueues and cancels BullMQ jobs. Job options follow contracts/jobs.ts;
 * Hub tokens are parked under a short-lived secret key, never in job data.
 */
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import {
  cancelChannel,
  JOB_ATTEMPTS,
  JOB_BACKOFF_MS,
  JOB_QUEUE,
  QUEUES,
  SECRET_TTL_SECONDS,
  secretKey,
  type CancelRequest,
  type JobDataOf,
  type JobName,
  type QueueName,
} from "../../../contracts/src/index.ts";
import type { Redis } from "../redis.ts";

export type CancelOutcome = "removed" | "signalled" | "gone";

export class JobQueues {
  private readonly queues: Map<QueueName, Queue>;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.queues = new Map(Object.values(QUEUES).map((name) => [name, new Queue(name, { connection: redis, prefix })]));
  }

  private queue(name: QueueName): Queue {
    return this.queues.get(name)!;
  }

  /** Adds a job; with a token, parks it in Redis first so the worker finds it on its first attempt. */
  async enqueue<N extends JobName>(name: N, data: Omit<JobDataOf<N>, "secretKey">, accessToken?: string): Promise<string> {
    const jobId = randomUUID();
    const payload: Record<string, unknown> = { ...data };
    if (accessToken) {
      const key = secretKey(this.prefix, jobId);
      await this.redis.set(key, accessToken, "EX", SECRET_TTL_SECONDS);
      payload.secretKey = key;
    }
    await this.queue(JOB_QUEUE[name]).add(name, payload, {
      jobId,
      attempts: JOB_ATTEMPTS,
      backoff: { type: "exponential", delay: JOB_BACKOFF_MS },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    return jobId;
  }

  /**
   * A waiting or delayed job is removed (with its parked token); an active one is asked to stop
   * through the cancel channel, where the worker running it aborts the processor's signal.
   */
  async cancel(name: JobName, jobId: string, reason: string): Promise<CancelOutcome> {
    const queueName = JOB_QUEUE[name];
    const job = await this.queue(queueName).getJob(jobId);
    if (!job) return "gone";
    const state = await job.getState();
    if (state === "waiting" || state === "delayed" || state === "prioritized" || state === "waiting-children") {
      try {
        await job.remove();
        await this.redis.del(secretKey(this.prefix, jobId));
        return "removed";
      } catch {
        // A worker took it between getState and remove (it is locked): signal it instead.
      }
    }
    if (state === "completed" || state === "failed" || state === "unknown") return "gone";
    const request: CancelRequest = { queue: queueName, jobId, reason };
    await this.redis.publish(cancelChannel(this.prefix), JSON.stringify(request));
    return "signalled";
  }

  async depths() {
    return Promise.all(
      [...this.queues].map(async ([queue, q]) => {
        const counts = await q.getJobCounts("waiting", "active", "delayed", "failed", "prioritized");
        return { queue, waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 };
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
