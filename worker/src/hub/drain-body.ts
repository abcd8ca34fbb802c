/**
 * Writes a response body to its file as it is read, synchronously, inside the read callback.
 *
 * Synchronous on purpose. A write handed to libuv's thread pool costs a cross-thread round trip
 * per call, and on this 2-core VM that round trip cost about as much as the copy into the page
 * cache itself (1 GiB in 256 KiB writes: 0.12 to 0.34 s of system time with writeSync, 0.41 to
 * 0.47 s plus 0.08 to 0.10 s of user time through fs/promises); bench:download went from 0.55×
 * to 0.8 to 1.0× curl with this change. A page-cache write blocks the event loop for tens of
 * microseconds, and a throttled disk makes it wait as long as the disk is behind, which is the
 * right back-pressure for a download anyway: the socket is not read meanwhile, so the kernel's
 * buffers push back on the server, as with curl.
 *
 * Reads of at least half a batch are written straight from the connection's read buffer (loopback
 * and fast links: no copy at all). Smaller reads (a slow link) are gathered into one batch buffer
 * and written when it is full, or when it has waited `maxBatchDelayMs`, so progress keeps moving
 * without a syscall per 16 KiB read. Bytes that arrived just before the connection died are still
 * written: they would otherwise be fetched again on resume.
 */
import type { ResponseBody } from "./http1-connection.ts";

/**
 * Not larger: on Linux 6.x ext4 a write's length picks the page-cache folio size, and large folios
 * were far dearer here (dd, 1 GiB: 1 MiB writes 0.6 to 0.9 s of system time against 0.14 s for
 * 512 KiB; with a GiB of other dirty pages waiting, 512 KiB writes 1.4 to 1.7 s, 256 KiB 0.13 to
 * 0.32 s, 128 KiB 0.14 to 0.19 s). The connection reads at most 256 KiB at a time as well.
 */
const BATCH_BYTES = 256 << 10;

export interface DrainOptions {
  /** Called on every socket read (the caller's stall timer). */
  readonly onReceived?: () => void;
  readonly maxBatchDelayMs?: number;
  readonly batchBytes?: number;
}

/**
 * `write` must write all of `bytes` or throw. Resolves when every byte is written; rejects with
 * the first write error (after closing the connection), or with the body's error once what
 * arrived before it is written.
 */
export function drainBody(body: ResponseBody, write: (bytes: Uint8Array) => void, options: DrainOptions = {}): Promise<void> {
  const { onReceived, maxBatchDelayMs = 20, batchBytes = BATCH_BYTES } = options;
  let batch: Buffer | undefined;
  let filled = 0;
  let flushTimer: NodeJS.Timeout | undefined;
  let writeError: unknown;

  const flush = () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (filled === 0) return;
    const bytes = batch!.subarray(0, filled);
    filled = 0;
    write(bytes);
  };
  const guarded = (step: () => void) => {
    if (writeError !== undefined) return;
    try {
      step();
    } catch (error) {
      writeError = error;
      clearTimeout(flushTimer);
      body.destroy();
    }
  };
  const append = (bytes: Uint8Array) => {
    batch ??= Buffer.allocUnsafe(batchBytes);
    if (filled === 0) flushTimer = setTimeout(() => guarded(flush), maxBatchDelayMs);
    batch.set(bytes, filled);
    filled += bytes.length;
    if (filled === batchBytes) flush();
  };

  return new Promise((resolve, reject) => {
    body.read(
      (bytes) => {
        onReceived?.();
        guarded(() => {
          let rest = bytes;
          if (filled > 0) {
            // Top up the waiting batch first: bytes are written in the order they arrived.
            const take = Math.min(rest.length, batchBytes - filled);
            append(rest.subarray(0, take));
            rest = rest.subarray(take);
          }
          if (rest.length === 0) return;
          // Here the batch is empty: a large read goes straight to the file, a small one waits.
          if (rest.length >= batchBytes / 2) write(rest);
          else append(rest);
        });
      },
      (bodyError) => {
        guarded(flush);
        if (writeError !== undefined) reject(writeError);
        else if (bodyError !== undefined) reject(bodyError);
        else resolve();
      },
    );
  });
}
