/**
 * One quantization thread: receives a run of whole rows of a weight (transferred, not copied),
 * encodes them with the same kernel as the single-threaded path, and transfers the codes back.
 * Loaded through pool-worker-entry.mjs (worker threads do not inherit the tsx loader).
 */
import { parentPort } from "node:worker_threads";
import { isCodedError, type ErrorCode } from "../../../../contracts/src/errors.ts";
import type { BlockQuantized } from "../contracts.ts";
import { allocateRows, blockLayout, quantizeRows } from "./blockwise.ts";

export interface ChunkTask {
  /** Rows [firstRow, firstRow + rows.length / k) of an [n, k] weight. */
  readonly rows: Float32Array;
  readonly firstRow: number;
  readonly n: number;
  readonly k: number;
  readonly bits: 2 | 4 | 8;
  readonly blockSize: number;
}

export type ChunkResult =
  | ({ readonly ok: true } & Pick<BlockQuantized, "packed" | "scales" | "zeroPoints">)
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

const port = parentPort;
if (!port) throw new Error("pool-worker.ts must run in a worker thread");

port.on("message", (task: ChunkTask) => {
  let result: ChunkResult;
  try {
    const layout = blockLayout(task.n, task.k, task.bits, task.blockSize);
    const out = allocateRows(layout, task.rows.length / task.k);
    quantizeRows(task.rows, task.firstRow, layout, out);
    result = { ok: true, ...out };
  } catch (error) {
    result = { ok: false, code: isCodedError(error) ? error.code : "INTERNAL", message: (error as Error).message };
  }
  port.postMessage(result, result.ok ? [result.packed.buffer as ArrayBuffer, result.scales.buffer as ArrayBuffer, result.zeroPoints.buffer as ArrayBuffer] : []);
});
