/**
 * Hands every chunk of a response body to an async writer, in order, including the chunks that
 * arrived just before the connection died. (An async iterator over an IncomingMessage throws as
 * soon as the stream is destroyed and drops what it had buffered: bytes received, then fetched
 * again on resume.) The body keeps flowing into our own queue and is paused only when the writer
 * falls `maxQueuedBytes` behind.
 */
import type { IncomingMessage } from "node:http";

export async function drainBody(
  body: IncomingMessage,
  write: (chunk: Buffer) => Promise<void>,
  maxQueuedBytes = 8 << 20,
): Promise<void> {
  const queue: Buffer[] = [];
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
      const chunk = queue.shift();
      if (chunk !== undefined) {
        queuedBytes -= chunk.length;
        if (body.isPaused() && queuedBytes <= maxQueuedBytes / 2) body.resume();
        await write(chunk);
        continue;
      }
      if (finished) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } catch (error) {
    body.destroy();
    throw error;
  }
  if (failure !== undefined) throw failure;
}
