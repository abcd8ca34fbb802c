/**
 * Runs one extraction (runExtraction) in a child process of its own, started with the allocator
 * settings of allocator-env.ts. The worker stays a small long-lived process; the extraction's
 * memory goes back to the system when its process exits; and a crash of ORT takes down the
 * extraction, not the worker.
 *
 * Parent and child talk over the IPC channel (extraction-process-entry.ts is the child):
 * parent → child  start (the options), cancel;
 * child → parent  progress, result, failed (a CodedError keeps its code, field and details).
 * If the worker dies, the child sees its channel close and exits at once: the job's next attempt
 * resumes from the last saved batch, as after any crash.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { CodedError, type ErrorCode } from "../../../contracts/src/index.ts";
import { EXTRACTION_ALLOCATOR_ENV } from "./allocator-env.ts";
import type { ExtractionResult } from "./documents.ts";
import type { ExtractionProgress } from "./progress.ts";
import type { RunExtractionOptions } from "./run.ts";

/** What crosses to the child: plain data (no signal, callbacks or test seams). */
export type ExtractionProcessOptions = Omit<RunExtractionOptions, "signal" | "onProgress" | "openRunner">;

export type ToExtractionProcess = { readonly type: "start"; readonly options: ExtractionProcessOptions } | { readonly type: "cancel" };

export interface SerializedFailure {
  readonly message: string;
  readonly code?: ErrorCode;
  readonly field?: string;
  readonly details?: Record<string, unknown>;
}

export type FromExtractionProcess =
  | { readonly type: "progress"; readonly progress: ExtractionProgress }
  | { readonly type: "result"; readonly result: ExtractionResult }
  | { readonly type: "failed"; readonly failure: SerializedFailure };

const ENTRY = fileURLToPath(new URL("./extraction-process-entry.ts", import.meta.url));

export function runExtractionProcess(
  options: ExtractionProcessOptions & { readonly signal?: AbortSignal; readonly onProgress?: (progress: ExtractionProgress) => void },
): Promise<ExtractionResult> {
  const { signal, onProgress, ...data } = options;
  signal?.throwIfAborted();
  const child = fork(ENTRY, [], {
    // The child runs TypeScript as the worker does; stdout/stderr go to the worker's logs.
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...EXTRACTION_ALLOCATOR_ENV },
    // "advanced": the result's numbers, nested objects and any Date survive the trip unchanged.
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const send = (message: ToExtractionProcess) => {
    if (child.connected) child.send(message);
  };
  const cancel = () => send({ type: "cancel" });
  return new Promise<ExtractionResult>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", cancel);
      outcome();
    };
    child.on("message", (message: FromExtractionProcess) => {
      if (message.type === "progress") onProgress?.(message.progress);
      else if (message.type === "result") settle(() => resolve(message.result));
      else settle(() => reject(revive(message.failure)));
    });
    child.on("error", (error) => settle(() => reject(error)));
    child.on("exit", (code, exitSignal) => settle(() => reject(new Error(`The extraction process exited (${exitSignal ?? `code ${code}`}) before it finished.`))));
    signal?.addEventListener("abort", cancel, { once: true });
    send({ type: "start", options: data });
  });
}

export function serializeFailure(error: unknown): SerializedFailure {
  if (error instanceof CodedError) return { message: error.message, code: error.code, field: error.field, details: error.details };
  return { message: error instanceof Error ? error.message : String(error) };
}

function revive(failure: SerializedFailure): Error {
  return failure.code ? new CodedError(failure.code, failure.message, failure.field, failure.details) : new Error(failure.message);
}
