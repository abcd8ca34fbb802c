/**
 * `downloadRepoFiles`: fetches a repo's files at a commit into `destDir`, resumable across retries,
 * worker crashes and restarts, and verified byte for byte.
 *
 * Per file: partial bytes live in `tempDir` under a name derived from (destDir, path, content id)
 * with a sidecar of finished ranges; the missing ranges are fetched in parallel parts and hashed
 * as they become contiguous; the file is checked against its sha256 (LFS) or git blob id (plain;
 * the Hub's ETag for it) and only then renamed into
 * `destDir`. A file that fails verification is fetched once more from scratch, then INTEGRITY.
 * Cancelling removes the current file's partial bytes; a failure (network, disk full, crash)
 * keeps them for the next attempt.
 */
import { createHash } from "node:crypto";
import { copyFile, mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { CodedError } from "../../../contracts/src/index.ts";
import { diskFullError, isDiskFull } from "../files/disk-full.ts";
import { coveredBytes, missingRanges, type ByteRange } from "./byte-ranges.ts";
import { loadSidecar, type SidecarIdentity } from "./download-sidecar.ts";
import { ProgressMeter, type DownloadProgress } from "./download-progress.ts";
import { DOWNLOAD_DISK_FULL, fetchFileRanges, type TransferTuning } from "./fetch-file-ranges.ts";
import { resolveHubAccess, type HubAccess } from "./hub-access.ts";
import { assertRepoId } from "./repo-info.ts";
import type { RepoType } from "./repo-type.ts";

export interface DownloadFileSpec {
  readonly path: string;
  readonly size: number;
  /** LFS sha256 (verified); null/absent for plain git files. */
  readonly sha256?: string | null;
  /** Git blob id (verified when there is no sha256). */
  readonly gitOid?: string;
}

export interface DownloadRepoFilesOptions extends Partial<TransferTuning> {
  readonly repoId: string;
  /** Default "model"; "dataset" fetches from the Hub's dataset namespace (`/datasets/{id}/resolve/…`). */
  readonly repoType?: RepoType;
  /** Commit sha (from the plan), so every part of every file comes from the same commit. */
  readonly revision: string;
  readonly files: readonly DownloadFileSpec[];
  readonly destDir: string;
  readonly tempDir: string;
  /** Caller's token (falls back to HF_TOKEN); sent to the Hub's origin only. */
  readonly token?: string | null;
  readonly hubUrl?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DownloadProgress) => void;
}

export interface DownloadedFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string | null;
  /** Bytes found on disk from an earlier attempt. */
  readonly resumedBytes: number;
  /** Bytes fetched by this call (a verification retry counts twice). */
  readonly fetchedBytes: number;
}

export interface DownloadResult {
  readonly files: readonly DownloadedFile[];
  readonly bytesFetched: number;
}

export const DEFAULT_TUNING: TransferTuning = {
  parts: 4,
  minPartBytes: 1 << 20,
  stallTimeoutMs: 30_000,
  retries: 3,
  backoffMs: 1_000,
  // 1 GB/s on a LAN: a kill redoes at most ~100 MB, well under one part of a large file.
  flushIntervalMs: 100,
};

export async function downloadRepoFiles(options: DownloadRepoFilesOptions): Promise<DownloadResult> {
  assertRepoId(options.repoId);
  for (const file of options.files) assertSafeRelativePath(file.path);
  const access = resolveHubAccess({ accessToken: options.token, hubUrl: options.hubUrl });
  const tuning: TransferTuning = { ...DEFAULT_TUNING, ...definedOnly(options) };
  const signal = options.signal ?? new AbortController().signal;
  const meter = new ProgressMeter(
    options.files.reduce((sum, file) => sum + file.size, 0),
    options.onProgress,
  );
  await mkdir(options.tempDir, { recursive: true });
  await mkdir(options.destDir, { recursive: true });
  const results: DownloadedFile[] = [];
  for (const file of options.files) {
    results.push(await downloadOne(file, options, access, tuning, meter, signal));
  }
  meter.finish();
  return { files: results, bytesFetched: results.reduce((sum, file) => sum + file.fetchedBytes, 0) };
}

async function downloadOne(
  file: DownloadFileSpec,
  options: DownloadRepoFilesOptions,
  access: HubAccess,
  tuning: TransferTuning,
  meter: ProgressMeter,
  signal: AbortSignal,
): Promise<DownloadedFile> {
  const dest = path.join(options.destDir, file.path);
  const sha256 = file.sha256 ?? null;
  if (await hasSize(dest, file.size)) {
    // Only verified files are ever renamed into destDir, so the right size means done.
    meter.resumed(file.size);
    return { path: file.path, size: file.size, sha256, resumedBytes: file.size, fetchedBytes: 0 };
  }
  const identity: SidecarIdentity = { repoId: options.repoId, revision: options.revision, path: file.path, size: file.size, contentId: sha256 ?? file.gitOid ?? "" };
  const key = createHash("sha1").update(`${path.resolve(options.destDir)}\0${file.path}\0${identity.contentId}`).digest("hex").slice(0, 24);
  const tempPath = path.join(options.tempDir, `${key}.incomplete`);
  const sidecarPath = `${tempPath}.json`;
  meter.startFile(file.path);
  let resumedBytes = 0;
  let fetchedBytes = 0;
  try {
    for (let round = 1; ; round++) {
      const done = await rangesOnDisk(tempPath, sidecarPath, identity);
      const resumed = coveredBytes(done);
      if (round === 1) resumedBytes = resumed;
      meter.resumed(resumed);
      const digest = await fetchFileRanges({
        access,
        repoType: options.repoType,
        identity,
        tempPath,
        sidecarPath,
        done,
        missing: missingRanges(done, file.size),
        tuning,
        signal,
        hash: sha256 ? "sha256" : "git-sha1",
        onBytes: (bytes) => {
          fetchedBytes += bytes;
          meter.fetched(bytes);
        },
      });
      // Plain files without a git id (never the case on the Hub) can only be checked by size, done by the ranges.
      const expected = sha256 ?? file.gitOid;
      if (!expected || digest === expected) {
        await moveIntoPlace(tempPath, dest);
        await rm(sidecarPath, { force: true });
        return { path: file.path, size: file.size, sha256, resumedBytes, fetchedBytes };
      }
      await removePartial(tempPath, sidecarPath);
      meter.discarded(file.size);
      if (round === 2) {
        throw new CodedError(
          "INTEGRITY",
          `${file.path} does not match the Hub's ${sha256 ? `sha256 ${sha256}` : `git id ${file.gitOid}`} after being downloaded twice; the download was stopped.`,
          undefined,
          { path: file.path },
        );
      }
    }
  } catch (error) {
    // The sidecar, a directory or the final rename can hit the full disk too, not only the data.
    if (isDiskFull(error)) throw diskFullError(DOWNLOAD_DISK_FULL);
    if (!signal.aborted) throw error;
    await removePartial(tempPath, sidecarPath);
    throw new CodedError("CANCELLED", `The download of ${options.repoId} was cancelled.`);
  }
}

/** Ranges recorded by the sidecar, provided the partial file they describe still exists. */
async function rangesOnDisk(tempPath: string, sidecarPath: string, identity: SidecarIdentity): Promise<ByteRange[]> {
  if (!(await exists(tempPath))) {
    await rm(sidecarPath, { force: true });
    return [];
  }
  return loadSidecar(sidecarPath, identity);
}

async function moveIntoPlace(tempPath: string, dest: string): Promise<void> {
  await mkdir(path.dirname(dest), { recursive: true });
  try {
    await rename(tempPath, dest);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    // temp/ on another filesystem: copy under a hidden name beside the target, then rename.
    const staging = path.join(path.dirname(dest), `.${path.basename(dest)}.incomplete`);
    await copyFile(tempPath, staging);
    await rename(staging, dest);
    await rm(tempPath, { force: true });
  }
}

async function removePartial(tempPath: string, sidecarPath: string): Promise<void> {
  await Promise.all([rm(tempPath, { force: true }), rm(sidecarPath, { force: true }), rm(`${sidecarPath}.tmp`, { force: true })]);
}

/** Paths come from the Hub: refuse anything that could land outside destDir. */
function assertSafeRelativePath(filePath: string): void {
  const normalized = path.posix.normalize(filePath);
  if (filePath === "" || path.posix.isAbsolute(filePath) || normalized.startsWith("..") || normalized !== filePath || filePath.includes("\\")) {
    throw new CodedError("BAD_USER_INPUT", `Refusing to download a file with an unsafe path: ${JSON.stringify(filePath.slice(0, 200))}.`, "files");
  }
}

async function hasSize(filePath: string, size: number): Promise<boolean> {
  try {
    return (await stat(filePath)).size === size;
  } catch {
    return false;
  }
}

async function exists(filePath: string): Promise<boolean> {
  try {
    await stat(filePath);
    return true;
  } catch {
    return false;
  }
}

function definedOnly(options: Partial<TransferTuning>): Partial<TransferTuning> {
  const keys = Object.keys(DEFAULT_TUNING) as Array<keyof TransferTuning>;
  return Object.fromEntries(keys.filter((key) => options[key] !== undefined).map((key) => [key, options[key]]));
}
