/** Free bytes on the filesystem that holds `dir` (which may not exist yet). */
import { statfs } from "node:fs/promises";
import path from "node:path";

export async function freeDiskBytes(dir: string): Promise<number> {
  let probe = path.resolve(dir);
  for (;;) {
    try {
      const stats = await statfs(probe);
      // bavail: blocks available to unprivileged users (what a non-root worker can actually use).
      return stats.bavail * stats.bsize;
    } catch (error) {
      const parent = path.dirname(probe);
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || parent === probe) throw error;
      probe = parent;
    }
  }
}
