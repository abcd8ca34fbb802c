/** Shared pieces of the Hub tests: independent expectations from fixture files, temp dirs. */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export async function tempDir(prefix = "hub-test-"): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Parameter counts by dtype, read straight from a safetensors file's JSON header. */
export function countParameters(file: Buffer): Record<string, number> {
  const headerLength = Number(file.readBigUInt64LE(0));
  const header = JSON.parse(file.subarray(8, 8 + headerLength).toString("utf8")) as Record<string, { dtype?: string; shape?: number[] }>;
  const counts: Record<string, number> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    counts[entry.dtype!] = (counts[entry.dtype!] ?? 0) + entry.shape!.reduce((a, b) => a * b, 1);
  }
  return counts;
}

/** Every file under `dir` (recursive), with its bytes. */
export async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full), await readFile(full));
  }
  return files;
}

