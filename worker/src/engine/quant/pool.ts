/**
 * Blockwise quantization on worker threads, so a conversion uses every core while the event
 * loop stays free for I/O, progress and lock renewal.
 *
 * A weight is cut into chunks of whole rows (≈ CHUNK_BYTES of float32 each). Idle threads take
 * the next chunk from one queue shared by all calls; each chunk is copied out of the caller's
 * array and transferred, so at most `threads` chunk copies exist at once (not a second copy of
 * the weight). A weight backed by a SharedArrayBuffer is not copied at all: the threads read
 * their rows in place, and the caller must leave it untouched until the promise settles.
 * Rows are independent in the MatMulNBits layout, so concatenating the chunks' outputs gives
 * exactly the single-threaded result.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { CodedError } from "../../../../contracts/src/errors.ts";
import type { BlockQuantized, QuantPool } from "../contracts.ts";
import { allocateRows, blockLayout, type BlockLayout, type QuantBits } from "./blockwise.ts";
import type { ChunkResult, ChunkTask } from "./pool-worker.ts";

/** Big enough that messaging costs nothing next to ~20 ms of quantization, small enough to balance two threads. */
const CHUNK_BYTES = 8 << 20;
const WORKER_ENTRY = new URL("./pool-worker-entry.mjs", import.meta.url);

interface Job {
  readonly weight: Float32Array;
  readonly layout: BlockLayout;
  readonly result: BlockQuantized;
  readonly rowsPerChunk: number;
  nextRow: number;
  chunksLeft: number;
  failed: boolean;
  resolve(result: BlockQuantized): void;
  reject(error: Error): void;
}

interface Chunk {
  readonly job: Job;
  readonly firstRow: number;
}

export function createQuantPool(threads: number = availableParallelism()): QuantPool {
  if (!Number.isInteger(threads) || threads < 1) throw new CodedError("INTERNAL", `createQuantPool: ${threads} is not a thread count`);
  const pending: Job[] = [];
  const busy = new Map<Worker, Chunk>();
  const idle: Worker[] = [];
  let closed = false;

  const spawn = (): void => {
    const worker = new Worker(WORKER_ENTRY);
    worker.on("message", (message: ChunkResult) => finishChunk(worker, message));
    worker.on("error", (error) => {
      // A crashed thread fails only the job it was working on; a fresh thread takes its place.
      const chunk = busy.get(worker);
      busy.delete(worker);
      if (idle.includes(worker)) idle.splice(idle.indexOf(worker), 1);
      if (chunk) fail(chunk.job, new CodedError("INTERNAL", `quantization thread crashed: ${error.message}`));
      if (!closed) {
        spawn();
        dispatch();
      }
    });
    idle.push(worker);
  };

  const fail = (job: Job, error: Error): void => {
    if (job.failed) return;
    job.failed = true;
    const index = pending.indexOf(job);
    if (index >= 0) pending.splice(index, 1);
    job.reject(error);
  };

  const finishChunk = (worker: Worker, message: ChunkResult): void => {
    const chunk = busy.get(worker);
    busy.delete(worker);
    idle.push(worker);
    if (chunk && !chunk.job.failed) {
      const { job, firstRow } = chunk;
      if (message.ok) {
        const { blocksPerRow, bytesPerBlock, zeroPointBytesPerRow } = job.layout;
        job.result.packed.set(message.packed, firstRow * blocksPerRow * bytesPerBlock);
        job.result.scales.set(message.scales, firstRow * blocksPerRow);
        job.result.zeroPoints.set(message.zeroPoints, firstRow * zeroPointBytesPerRow);
        if (--job.chunksLeft === 0) job.resolve(job.result);
      } else {
        fail(job, new CodedError(message.code, message.message));
      }
    }
    dispatch();
  };

  const dispatch = (): void => {
    while (idle.length > 0 && pending.length > 0) {
      const job = pending[0];
      const { n, k, bits, blockSize } = job.layout;
      const firstRow = job.nextRow;
      const lastRow = Math.min(n, firstRow + job.rowsPerChunk);
      job.nextRow = lastRow;
      if (lastRow === n) pending.shift();
      const worker = idle.pop()!;
      busy.set(worker, { job, firstRow });
      // A weight in shared memory is read in place by the thread; otherwise its rows are copied and the copy transferred.
      const shared = job.weight.buffer instanceof SharedArrayBuffer;
      const rows = shared ? job.weight.subarray(firstRow * k, lastRow * k) : job.weight.slice(firstRow * k, lastRow * k);
      const task: ChunkTask = { rows, firstRow, n, k, bits, blockSize };
      worker.postMessage(task, shared ? [] : [rows.buffer as ArrayBuffer]);
    }
  };

  for (let i = 0; i < threads; i++) spawn();

  return {
    quantize(weightNK: Float32Array, n: number, k: number, bits: QuantBits, blockSize: number): Promise<BlockQuantized> {
      return new Promise((resolve, reject) => {
        if (closed) throw new CodedError("INTERNAL", "quantization pool is closed");
        const layout = blockLayout(n, k, bits, blockSize);
        if (weightNK.length !== n * k) throw new CodedError("INTERNAL", `cannot quantize [${n}, ${k}]: weight has ${weightNK.length} elements`);
        const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / (4 * k)));
        pending.push({
          weight: weightNK,
          layout,
          result: { bits, blockSize, n, k, ...allocateRows(layout, n) },
          rowsPerChunk,
          nextRow: 0,
          chunksLeft: Math.ceil(n / rowsPerChunk),
          failed: false,
          resolve,
          reject,
        });
        dispatch();
      });
    },

    async close(): Promise<void> {
      closed = true;
      for (const job of [...pending, ...[...busy.values()].map((chunk) => chunk.job)]) fail(job, new CodedError("INTERNAL", "quantization pool closed"));
      const workers = [...idle, ...busy.keys()];
      idle.length = 0;
      busy.clear();
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
