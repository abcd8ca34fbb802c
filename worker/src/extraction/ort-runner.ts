/**
 * A tap graph session behind a small interface, running in its own thread (ort-thread.ts).
 * The interface is the seam tests use to inject an allocation failure or a crash mid-run.
 */
import { Worker } from "node:worker_threads";
import { CodedError } from "../../../contracts/src/index.ts";
import type { ThreadReply, ThreadRequest, ThreadSetup } from "./ort-protocol.ts";
import type { TokenBatch } from "./tokenize.ts";

/** Tap outputs of one batch by graph output name: [rows, seq, hidden], float32 or fp16 bit patterns. */
export type TapOutputs = Map<string, Float32Array | Uint16Array>;

export interface TapRunner {
  run(batch: TokenBatch): Promise<TapOutputs>;
  close(): Promise<void>;
}

export type OpenRunner = (graphPath: string, outputNames: string[]) => Promise<TapRunner>;

/** ORT reports a failed allocation only in its message (std::bad_alloc or its allocator's text). */
const ALLOCATION_FAILURE = /bad_alloc|bad allocation|failed to allocate|out of memory|allocation failed/i;

export class AllocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AllocationError";
  }
}

/** The error for a failed run: an AllocationError (the pipeline halves the batch) or a plain one. */
export function runFailure(message: string): Error {
  return ALLOCATION_FAILURE.test(message) ? new AllocationError(message) : new Error(`ORT run failed: ${message}`);
}

export const openOrtRunner: OpenRunner = async (graphPath, outputNames) => {
  const setup: ThreadSetup = {
    entry: new URL("./ort-thread.ts", import.meta.url).href,
    graphPath,
    outputNames,
  };
  const thread = new Worker(new URL("./thread-boot.mjs", import.meta.url), { workerData: setup });
  const pending = new Map<number, { resolve: (o: TapOutputs) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let dead: Error | null = null;

  const ready = new Promise<void>((resolve, reject) => {
    thread.on("message", (reply: ThreadReply) => {
      if (reply.type === "ready") return resolve();
      if (reply.type === "failed" && reply.id === -1) {
        return reject(new CodedError("INCOMPATIBLE", `ORT cannot load the tap graph ${graphPath}: ${reply.message}`));
      }
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      if (reply.type === "result") waiter.resolve(new Map(Object.entries(reply.outputs).map(([k, v]) => [k, v.data])));
      else waiter.reject(runFailure(reply.message));
    });
    const fail = (error: Error) => {
      dead = error;
      reject(error);
      for (const w of pending.values()) w.reject(error);
      pending.clear();
    };
    thread.on("error", fail);
    thread.on("exit", (code) => fail(new Error(`The inference thread exited (code ${code}).`)));
  });
  await ready;

  return {
    run(batch) {
      if (dead) return Promise.reject(dead);
      const id = nextId++;
      const request: ThreadRequest = {
        type: "run",
        id,
        rows: batch.rows,
        sequenceLength: batch.sequenceLength,
        inputIds: batch.inputIds,
        attentionMask: batch.attentionMask,
      };
      return new Promise<TapOutputs>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        thread.postMessage(request);
      });
    },
    async close() {
      if (dead) return;
      const exited = new Promise((resolve) => thread.once("exit", resolve));
      thread.postMessage({ type: "close" } satisfies ThreadRequest);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      await thread.terminate();
    },
  };
};
