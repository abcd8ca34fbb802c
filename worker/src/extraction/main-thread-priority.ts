/**
 * The extraction process's main thread runs at the lowest priority once the inference thread
 * exists. Its work per batch (statistics, sha256, .npy writes: 0.1–0.2 CPU-s for the bench's
 * shapes) shares two cores with ORT's two threads. ORT splits each matmul evenly between its
 * threads, so a main thread that takes a core at normal priority holds back half of every matmul
 * it overlaps while the other ORT thread waits at the join: each of its CPU-seconds cost about a
 * second of wall clock. At nice 19 it runs mostly where a core is idle anyway (joins, kernels ORT
 * runs on one thread). Measured side by side, 10-batch runs of all taps at 8 × 128, fresh processes
 * alternating: SmolLM-135M shape 884–926 vs 811–876 tokens/s, GPT-2 small 1151–1442 vs 1003–1176.
 *
 * Only the extraction process does this (extraction-process-entry.ts): it lives for one extraction,
 * and an unprivileged process cannot raise a priority again once lowered.
 */
import { setPriority } from "node:os";
import { openOrtRunner, type OpenRunner } from "./ort-runner.ts";

/** The lowest priority on Linux (nice 19). */
export const MAIN_THREAD_NICE = 19;

/**
 * Opens the ORT runner, then lowers the calling thread's priority. The order matters: Linux gives
 * every thread its own nice value (setPriority(0) changes only the calling thread) and a new thread
 * inherits its creator's, so the inference thread and ORT's pool must exist before the change.
 */
export const openRunnerYieldingMainThread: OpenRunner = async (graphPath, outputNames) => {
  const runner = await openOrtRunner(graphPath, outputNames);
  setPriority(MAIN_THREAD_NICE);
  return runner;
};
