/**
 * Checks a whole downloaded file against the Hub's content id: sha256 for LFS files; for plain
 * git files the git blob id (sha1 of "blob <size>\0" + content), which is what their ETag is.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";

export interface ExpectedContent {
  readonly size: number;
  readonly sha256?: string | null;
  readonly gitOid?: string;
}

export async function verifyFile(filePath: string, expected: ExpectedContent, signal?: AbortSignal): Promise<{ ok: boolean; sha256?: string }> {
  const { size } = await stat(filePath);
  if (size !== expected.size) return { ok: false };
  if (expected.sha256) {
    const sha256 = await digest(filePath, createHash("sha256"), signal);
    return { ok: sha256 === expected.sha256, sha256 };
  }
  if (expected.gitOid) {
    const hash = createHash("sha1").update(`blob ${size}\0`);
    return { ok: (await digest(filePath, hash, signal)) === expected.gitOid };
  }
  return { ok: true };
}

async function digest(filePath: string, hash: ReturnType<typeof createHash>, signal?: AbortSignal): Promise<string> {
  for await (const chunk of createReadStream(filePath, { highWaterMark: 4 << 20, signal })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
