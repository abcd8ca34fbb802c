/**
 * The small JSON file beside a partial download that records which byte ranges are on disk. It
 * records only ranges whose writes have returned, and is replaced by temp-name-then-rename, so after
 * a process crash it understates, never overstates, what is there. On a full disk the rename has
 * no room for a new file; the sidecar is then rewritten in place (its blocks already exist): a
 * torn write there reads back as "nothing done", which is still safe.
 */
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { mergeRanges, type ByteRange } from "./byte-ranges.ts";

export interface SidecarIdentity {
  readonly repoId: string;
  readonly revision: string;
  readonly path: string;
  readonly size: number;
  /** sha256 for LFS files, else the git blob id: a sidecar for other content is ignored. */
  readonly contentId: string;
}

interface SidecarFile extends SidecarIdentity {
  readonly version: 1;
  readonly done: ByteRange[];
}

/** Finished ranges of a partial file, or [] when there is no sidecar or it describes something else. */
export async function loadSidecar(sidecarPath: string, identity: SidecarIdentity): Promise<ByteRange[]> {
  let parsed: Partial<SidecarFile>;
  try {
    parsed = JSON.parse(await readFile(sidecarPath, "utf8")) as Partial<SidecarFile>;
  } catch {
    return [];
  }
  const same =
    parsed.version === 1 &&
    parsed.repoId === identity.repoId &&
    parsed.revision === identity.revision &&
    parsed.path === identity.path &&
    parsed.size === identity.size &&
    parsed.contentId === identity.contentId &&
    Array.isArray(parsed.done);
  if (!same) return [];
  const valid = parsed.done!.filter(
    (range) => Array.isArray(range) && Number.isInteger(range[0]) && Number.isInteger(range[1]) && range[0] >= 0 && range[1] <= identity.size,
  );
  return mergeRanges(valid);
}

export async function saveSidecar(sidecarPath: string, identity: SidecarIdentity, done: Iterable<ByteRange>): Promise<void> {
  const body: SidecarFile = { version: 1, ...identity, done: mergeRanges(done) };
  const temporary = `${sidecarPath}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(body));
    await rename(temporary, sidecarPath);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOSPC" && code !== "EDQUOT") throw error;
    await writeFile(sidecarPath, JSON.stringify(body));
  }
}
