/**
 * Hands every chunk of a response body to an async writer, in order, including the chunks that
 * arrived just before the connection died. (An async iterator over an IncomingMessage throws as
 * soon as the stream is destroyed and drops what it had buffered: bytes received, then fetched
 * again on resume.) The body keeps flowing into our own queue and is paused only when the writer
 * falls `maxQueuedBytes` behind. Chunks are written in batches of `minBatchBytes`, or whatever
 * arrived within `maxBatchDelayMs` on a slow link (one writev per MiB instead of one write per
 * 64 KiB socket read saves most of the client's per-chunk overhead).
 */
import type { IncomingMessage } from "node:http";

export async function drainBody(
  body: IncomingMessage,
  write: (chunks: Buffer[]) => Promise<void>,
  maxQueuedBytes = 8 << 20,
  minBatchBytes = 1 << 20,
  maxBatchDelayMs = 20,
): Promise<void> {
  const queue: Buffer[] = [];
  let firstQueuedAt = Date.now();
  let queuedBytes = 0;
  let finished = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  body.on("data", (chunk: Buffer) => {
    queue.push(chunk);
    queuedBytes += chunk.length;
    if (queuedBytes > maxQueuedBytes) body.pause();
    notify();
  });
  body.on("end", () => {
    finished = true;
    notify();
  });
  body.on("error", (error) => {
    failure ??= error;
    finished = true;
    notify();
  });
  body.on("close", () => {
    finished = true;
    notify();
  });
  try {
    for (;;) {
      if (queue.length === 0) {
        if (finished) break;
        await new Promise<void>((resolve) => (wake = resolve));
        firstQueuedAt = Date.now();
        continue;
      }
      const waited = Date.now() - firstQueuedAt;
      if (!finished && queuedBytes < minBatchBytes && waited < maxBatchDelayMs) {
        // Wait for more bytes, but not so long that a slow link's progress stops moving.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, maxBatchDelayMs - waited);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        continue;
      }
      const batch = queue.splice(0, queue.length);
      queuedBytes = 0;
      firstQueuedAt = Date.now();
      if (body.isPaused()) body.resume();
      await write(batch);
    }
  } catch (error) {
    body.destroy();
    throw error;
  }
  if (failure !== undefined) throw failure;
}
