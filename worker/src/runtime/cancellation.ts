/**
 * Cancellation of running jobs. BullMQ's `worker.cancelJob` only reaches jobs in its own process,
 * so the API PUBLISHes on the contracts cancel channel and every worker process asks its Worker
 * for that queue; the one running the job aborts the processor's signal.
 */
import type { Worker } from "bullmq";
import { cancelChannel, type CancelRequest, type QueueName } from "../../../contracts/src/index.ts";
import type { Logger } from "../../../server/src/logger.ts";
import type { Redis } from "../../../server/src/redis.ts";

export async function listenForCancellations(subscriber: Redis, prefix: string, workers: ReadonlyMap<QueueName, Worker>, log: Logger): Promise<void> {
  const channel = cancelChannel(prefix);
  subscriber.on("message", (received: string, message: string) => {
    if (received !== channel) return;
    let request: CancelRequest;
    try {
      request = JSON.parse(message) as CancelRequest;
    } catch {
      log.warn({ channel }, "ignoring a malformed cancel request");
      return;
    }
    const cancelled = workers.get(request.queue)?.cancelJob(request.jobId, request.reason) ?? false;
    if (cancelled) log.info({ jobId: request.jobId, queue: request.queue }, "cancelling running job");
  });
  await subscriber.subscribe(channel);
}
