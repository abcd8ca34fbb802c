import { readdir, stat, statfs } from "node:fs/promises";
import path from "node:path";

/** Bytes under a path (0 when it does not exist); symlinks are not followed. */
export async function pathSize(target: string): Promise<number> {
  const info = await stat(target).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  const entries = await readdir(target, { withFileTypes: true });
  const sizes = await Promise.all(entries.filter((e) => !e.isSymbolicLink()).map((e) => pathSize(path.join(target, e.name))));
  return sizes.reduce((a, b) => a + b, 0);
}

/** Free and total bytes of the filesystem holding `dir` (or its nearest existing parent). */
export async function diskSpace(dir: string): Promise<{ free: number; total: number }> {
  let probe = dir;
  for (;;) {
    const info = await statfs(probe).catch(() => null);
    if (info) return { free: info.bavail * info.bsize, total: info.blocks * info.bsize };
    const parent = path.dirname(probe);
    if (parent === probe) return { free: 0, total: 0 };
    probe = parent;
  }
}
