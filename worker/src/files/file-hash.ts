/** sha256 of files on disk: checkpoints a conversion read, and the kept part of a resumed .npy. */
import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";

/**
 * sha256 over `file`, or over its first `length` bytes, as a Hash the caller may go on updating
 * (a resumed file keeps appending) or finish with `digest("hex")`.
 */
export async function sha256OfFile(file: string, length?: number): Promise<Hash> {
  const hash = createHash("sha256");
  if (length === 0) return hash;
  const range = length === undefined ? {} : { start: 0, end: length - 1 };
  for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20, ...range })) hash.update(chunk as Buffer);
  return hash;
}
