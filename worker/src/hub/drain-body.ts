/**
 * Moves a response body into an async writer in order: the bytes of each socket read are copied
 * into batch buffers (see BATCH_BYTES), and a batch is handed to the writer when it is full, or
 * when it has waited `maxBatchDelayMs` (a slow link's progress keeps moving; small reads on a slow
 * link are merged instead of written one by one). Batch buffers come back to a BatchPool after
 * their write, so a download allocates a few MiB once instead of a fresh buffer per read. Bytes
 * that arrived just before the connection died are still written (they would otherwise be
 * fetched again on resume). Reading pauses while the writer is `maxQueuedBytes` behind.
 */
import type { ResponseBody } from "./http1-connection.ts";

/**
 * Not larger: on Linux 6.x ext4 a write's length picks the page-cache folio size, and large folios
 * were far dearer here (dd, 1 GiB: 1 MiB writes 0.6 to 0.9 s of system time against 0.14 s for
 * 512 KiB; with a GiB of other dirty pages waiting, 512 KiB writes 1.4 to 1.7 s, 256 KiB 0.13 to
 * 0.32 s, 128 KiB 0.14 to 0.19 s). Not smaller: each write is a thread-pool round trip, and
 * bench:download spent 2.06 CPU-s/GiB with 128 KiB batches against 1.86 with 256 KiB.
 */
const BATCH_BYTES = 256 << 10;

/** Batch buffers, reused across the bodies of one file. */
export class BatchPool {
  readonly batchBytes: number;
  readonly #free: Buffer[] = [];

  constructor(batchBytes = BATCH_BYTES) {
    this.batchBytes = batchBytes;
  }

  take(): Buffer {
    return this.#free.pop() ?? Buffer.allocUnsafe(this.batchBytes);
  }

  give(buffer: Buffer): void {
    this.#free.push(buffer);
  }
}

export interface DrainOptions {
  readonly pool: BatchPool;
  /** Called on every socket read (the caller's stall timer). */
  readonly onReceived?: () => void;
  readonly maxQueuedBytes?: number;
  readonly maxBatchDelayMs?: number;
}

interface Batch {
  readonly buffer: Buffer;
  length: number;
}

/** Resolves when every byte is written; rejects with the body's error after writing what arrived. */
export async function drainBody(body: ResponseBody, write: (bytes: Buffer) => Promise<void>, options: DrainOptions): Promise<void> {
  const { pool, onReceived, maxQueuedBytes = 8 << 20, maxBatchDelayMs = 20 } = options;
  const sealed: Batch[] = [];
  let filling: Batch | undefined;
  let fillingSince = 0;
  let queuedBytes = 0;
  let paused = false;
  let finished = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const seal = () => {
    sealed.push(filling!);
    filling = undefined;
  };

  body.read(
    (bytes) => {
      onReceived?.();
      for (let at = 0; at < bytes.length; ) {
        if (filling === undefined) {
          filling = { buffer: pool.take(), length: 0 };
          fillingSince = Date.now();
        }
        const take = Math.min(bytes.length - at, filling.buffer.length - filling.length);
        filling.buffer.set(bytes.subarray(at, at + take), filling.length);
        filling.length += take;
        at += take;
        if (filling.length === filling.buffer.length) seal();
      }
      queuedBytes += bytes.length;
      if (queuedBytes > maxQueuedBytes && !paused) {
        paused = true;
        body.pause();
      }
      notify();
    },
    (error) => {
      failure = error;
      finished = true;
      notify();
    },
  );

  try {
    for (;;) {
      if (sealed.length === 0) {
        const waited = Date.now() - fillingSince;
        if (filling !== undefined && (finished || waited >= maxBatchDelayMs)) {
          seal();
        } else if (finished) {
          break;
        } else {
          // Wait for more bytes, but not so long that a slow link's progress stops moving.
          await new Promise<void>((resolve) => {
            const timer = filling === undefined ? undefined : setTimeout(resolve, maxBatchDelayMs - waited);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          continue;
        }
      }
      const batch = sealed.shift()!;
      await write(batch.buffer.subarray(0, batch.length));
      pool.give(batch.buffer);
      queuedBytes -= batch.length;
      if (paused && queuedBytes <= maxQueuedBytes) {
        paused = false;
        body.resume();
      }
    }
  } catch (error) {
    body.destroy();
    throw error;
  }
  if (failure !== undefined) throw failure;
}
