/**
 * PROVISIONAL download step: "downloads" `<owner>/<name>` by copying the local fixture folder
 * `<PROVISIONAL_FIXTURES_DIR>/<name>/`. The real step is `downloadRepoFiles` (worker/src/hub/),
 * preceded by the plan that lists the files; it has the same shape: files into destDir through
 * tempDir, progress callbacks, the AbortSignal.
 */
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { CodedError } from "../../../../contracts/src/index.ts";
import { copyWithProgress } from "./copy-with-progress.ts";
import { provisionalDelayMs, provisionalFixturesDir } from "./provisional-settings.ts";

export interface FetchRepoFilesOptions {
  repoId: string;
  revision: string;
  destDir: string;
  tempDir: string;
  token: string | undefined;
  hubUrl: string;
  signal: AbortSignal;
  onProgress(progress: { bytesDone: number; bytesTotal: number; currentFile: string | null }): void;
}

export interface FetchRepoFilesResult {
  /** Commit sha downloaded. */
  revision: string;
  bytes: number;
}

export async function fetchRepoFiles(options: FetchRepoFilesOptions): Promise<FetchRepoFilesResult> {
  const source = path.join(provisionalFixturesDir(), options.repoId.split("/")[1]);
  const entries = await readdir(source, { withFileTypes: true }).catch(() => {
    throw new CodedError("NOT_FOUND", `Repository ${options.repoId} was not found.`, "repoId");
  });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
  const sizes = await Promise.all(files.map(async (name) => (await stat(path.join(source, name))).size));
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  const staging = path.join(options.tempDir, "raw");
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  let bytesDone = 0;
  for (const name of files) {
    options.onProgress({ bytesDone, bytesTotal, currentFile: name });
    await copyWithProgress(path.join(source, name), path.join(staging, name), {
      signal: options.signal,
      delayMs: provisionalDelayMs(),
      onBytes: (bytes) => {
        bytesDone += bytes;
        options.onProgress({ bytesDone, bytesTotal, currentFile: name });
      },
    });
  }
  await mkdir(path.dirname(options.destDir), { recursive: true });
  await rm(options.destDir, { recursive: true, force: true });
  await rename(staging, options.destDir);
  return { revision: "0".repeat(40), bytes: bytesTotal };
}
