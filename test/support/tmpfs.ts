/** A small filesystem of its own, to fill up: how the tests reach a full disk for real. */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** A tmpfs of `size` (e.g. "300k") at a fresh dir, or null when mounting is not permitted here. */
export async function mountTmpfs(size: string): Promise<{ dir: string; unmount: () => Promise<void> } | null> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tmpfs-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { stdio: "pipe" });
  } catch {
    await rm(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    unmount: async () => {
      execFileSync("umount", [dir], { stdio: "pipe" });
      await rm(dir, { recursive: true, force: true });
    },
  };
}
