/**
 * Chunked copy used by the provisional steps: reports bytes as it goes, checks the AbortSignal
 * between chunks, and writes each file under a temporary name renamed when whole.
 */
import { open, rename } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

const CHUNK = 64 * 1024;

export interface CopyOptions {
  signal: AbortSignal;
  delayMs: number;
  onBytes(bytes: number): void;
}

export async function copyWithProgress(from: string, to: string, options: CopyOptions): Promise<number> {
  const source = await open(from, "r");
  const partial = `${to}.partial`;
  const target = await open(partial, "w");
  let copied = 0;
  try {
    const buffer = Buffer.alloc(CHUNK);
    for (;;) {
      options.signal.throwIfAborted();
      const { bytesRead } = await source.read(buffer, 0, CHUNK, copied);
      if (bytesRead === 0) break;
      await target.write(buffer, 0, bytesRead);
      copied += bytesRead;
      options.onBytes(bytesRead);
      if (options.delayMs) await sleep(options.delayMs, undefined, { signal: options.signal });
    }
  } finally {
    await source.close();
    await target.close();
  }
  await rename(partial, to);
  return copied;
}
