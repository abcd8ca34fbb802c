/** The ORT session options of every extraction session (and of the bench's bare baseline). */
import type { InferenceSession } from "onnxruntime-node";

/** Both cores: ORT.md measured 1.8× over one thread for prefill. */
export const INTRA_OP_THREADS = 2;

export const SESSION_OPTIONS: InferenceSession.SessionOptions = {
  executionProviders: ["cpu"],
  intraOpNumThreads: INTRA_OP_THREADS,
  interOpNumThreads: 1,
  graphOptimizationLevel: "all",
  // ORT's pool threads spin while waiting for work by default. Here the main thread writes and
  // computes statistics beside them on the same two cores, and the worker may share the machine:
  // spinning steals that time. Measured on GPT-2 small, all taps, batch 8×128: 440 vs 360 tokens
  // per CPU-second, wall clock equal or better.
  extra: { session: { intra_op: { allow_spinning: "0" } } },
};
