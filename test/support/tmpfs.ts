/** A small filesystem of its own, to fill up: how the tests reach a full disk for real. */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * Runs `body` with a fresh tmpfs of `size` (e.g. "300k") mounted at the folder it is given, and
 * unmounts it afterwards. Where mounting is not permitted (not root), warns that `what` was not
 * exercised and skips the body.
 */
export async function onTmpfs(size: string, what: string, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tmpfs-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { stdio: "pipe" });
  } catch {
    await rm(dir, { recursive: true, force: true });
    console.warn(`SKIPPED: mounting a tmpfs is not permitted here, ${what} was not exercised`);
    return;
  }
  try {
    await body(dir);
  } finally {
    execFileSync("umount", [dir], { stdio: "pipe" });
    await rm(dir, { recursive: true, force: true });
  }
}
