/**
 * Wraps a handler as a BullMQ processor: cancellation, retry classification, the final status on
 * failure, and cleanup of the token and scratch space when the job ends.
 *
 * Retry policy: a CodedError whose code is permanent (contracts PERMANENT_ERROR_CODES) or a
 * cancellation ends the job at once (UnrecoverableError); anything else is retried with backoff
 * until JOB_ATTEMPTS, and only the last failure is written to the row as ERROR.
 */
import { UnrecoverableError, type Job } from "bullmq";
import { isCodedError, PERMANENT_ERROR_CODES, type ErrorCode, type JobDataOf, type JobName } from "../../../contracts/src/index.ts";
import { createJobContext, releaseJobResources, trackers, type WorkerDeps } from "./context.ts";
import type { JobHandler } from "./registry.ts";

function classify(error: unknown, signal: AbortSignal): { code: ErrorCode; message: string } {
  if (signal.aborted) return { code: "CANCELLED", message: "Cancelled." };
  if (isCodedError(error)) return { code: error.code, message: error.message };
  return { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) };
}

async function recordFailure<N extends JobName>(deps: WorkerDeps, handler: JobHandler<N>, data: JobDataOf<N>, code: ErrorCode, message: string): Promise<void> {
  const id = handler.entityId(data);
  const rows = trackers(deps);
  const fields = { errorCode: code, statusMessage: message };
  if (handler.entity === "model") await rows.model(id).transition("ERROR", fields);
  else if (handler.entity === "dataset") await rows.dataset(id).transition("ERROR", fields);
  else await rows.extraction(id).transition(code === "CANCELLED" ? "CANCELLED" : "ERROR", fields);
}

export function createProcessor<N extends JobName>(deps: WorkerDeps, handler: JobHandler<N>) {
  // Three declared parameters: BullMQ only creates the AbortSignal for processors of length ≥ 3.
  return async (job: Job<JobDataOf<N>, unknown, N>, _token: string | undefined, signal: AbortSignal): Promise<void> => {
    const ctx = createJobContext(deps, job, signal);
    const started = performance.now();
    const entityId = handler.entityId(job.data);
    ctx.log.info({ entityId }, "job started");
    try {
      await handler.run(ctx);
      await releaseJobResources(deps, job);
      ctx.log.info({ entityId, durationMs: Math.round(performance.now() - started) }, "job completed");
    } catch (error) {
      const { code, message } = classify(error, signal);
      const final = code === "CANCELLED" || PERMANENT_ERROR_CODES.includes(code) || ctx.attempt >= (job.opts.attempts ?? 1);
      ctx.log.warn({ entityId, code, final, durationMs: Math.round(performance.now() - started), err: message }, "job failed");
      if (!final) throw error;
      // Clean up first: a client seeing the final status can rely on nothing half-written remaining.
      await releaseJobResources(deps, job);
      await recordFailure(deps, handler, job.data, code, message).catch((e: Error) => ctx.log.error({ entityId, err: e.message }, "could not record the failure"));
      throw new UnrecoverableError(`${code}: ${message}`);
    }
  };
}
