/**
 * Hub dataset repos: choose the data files of one config and split from the repo's file list,
 * fetch them through the (resumable, verified) Hub client, and import them like uploads.
 *
 * Layouts recognised (what `datasets` pushes and what most repos use):
 *   data/train-00000-of-00002.parquet      {split}-* under any folder (default config)
 *   {config}/train-00000-of-00001.parquet  a config is a top-level folder
 *   {config}/train/0000.parquet            refs/convert/parquet style: a folder per split
 *   train.jsonl, data/test.jsonl           a file per split
 * Parquet is preferred when a split has both parquet and JSON lines files.
 *
 * The Hub is reached through a HubDatasetClient (createHubDatasetClient: the real one over
 * worker/src/hub with repo type "dataset"), so the file choice and import are testable alone.
 */
import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { CodedError, PERMANENT_ERROR_CODES, isCodedError } from "../../../contracts/src/index.ts";
import { downloadRepoFiles, fetchRepoInfo, listRepoFiles, resolveHubAccess, type TransferTuning } from "../hub/index.ts";
import { importDatasetFiles, type ImportProgress, type ImportResult } from "./import.ts";
import type { DatasetFormat } from "./readers.ts";

/** Structurally the Hub client's RepoFile, so its listing passes through unchanged. */
export interface HubDatasetFile {
  readonly path: string;
  readonly size: number;
  /** What the download verifies against (LFS sha256, else the git blob id). */
  readonly lfsSha256?: string;
  readonly gitOid?: string;
}

const HUB_FORMATS: ReadonlyArray<[string, DatasetFormat]> = [
  [".parquet", "parquet"],
  [".jsonl", "jsonl"],
];

function formatOfHubPath(file: string): DatasetFormat | null {
  return HUB_FORMATS.find(([ext]) => file.toLowerCase().endsWith(ext))?.[1] ?? null;
}

/** The split a data file belongs to: a folder named like a split, else the file name's prefix. */
function splitOf(file: string): string {
  const parts = file.split("/");
  const base = parts[parts.length - 1];
  if (parts.length >= 2 && /^\d+\.\w+$/.test(base)) return parts[parts.length - 2];
  return base.replace(/\.(parquet|jsonl)$/i, "").split(/[-.]/)[0];
}

function configOf(file: string): string | null {
  const parts = file.split("/");
  return parts.length >= 2 && parts[0] !== "data" ? parts[0] : null;
}

/** The files of one config/split, sorted so shards import in order. */
export function pickSplitFiles(files: readonly HubDatasetFile[], config?: string | null, split?: string | null): { split: string; files: HubDatasetFile[] } {
  const data = files.filter((f) => formatOfHubPath(f.path) !== null);
  const wantedConfig = config && config !== "default" ? config : null;
  const inConfig = data.filter((f) => configOf(f.path) === wantedConfig || (wantedConfig === null && configOf(f.path) === null));
  if (inConfig.length === 0) {
    const configs = [...new Set(data.map((f) => configOf(f.path) ?? "default"))];
    throw new CodedError("BAD_USER_INPUT", `No parquet or JSON lines files for config "${config ?? "default"}" (configs: ${configs.join(", ") || "none"}).`, "config");
  }
  const splits = [...new Set(inConfig.map((f) => splitOf(f.path)))].sort();
  const chosen = split ?? (splits.includes("train") ? "train" : splits.length === 1 ? splits[0] : null);
  if (!chosen || !splits.includes(chosen)) {
    throw new CodedError("BAD_USER_INPUT", `Split "${split ?? "(none given)"}" not found (splits: ${splits.join(", ")}).`, "split");
  }
  const ofSplit = inConfig.filter((f) => splitOf(f.path) === chosen);
  const parquet = ofSplit.filter((f) => formatOfHubPath(f.path) === "parquet");
  const picked = (parquet.length ? parquet : ofSplit).slice().sort((a, b) => a.path.localeCompare(b.path));
  return { split: chosen, files: picked };
}

/** A dataset repo pinned to one commit, with its files there: listing and download agree. */
export interface HubDatasetSnapshot {
  /** Full commit sha. */
  readonly revision: string;
  readonly files: HubDatasetFile[];
}

export interface HubDatasetDownload {
  readonly repoId: string;
  /** The snapshot's commit sha. */
  readonly revision: string;
  readonly files: readonly HubDatasetFile[];
  /** Where finished files land (their repo paths below it). */
  readonly destDir: string;
  /** Partial files and their range records, kept across failed attempts for resuming. */
  readonly tempDir: string;
  readonly signal?: AbortSignal;
  readonly onBytes?: (done: number, total: number) => void;
}

/** What the import needs from the Hub (createHubDatasetClient is the real one; tests may stub it). */
export interface HubDatasetClient {
  /** Resolves `revision` (default "main") to a commit and lists the repo's files at it. */
  snapshot(repoId: string, revision?: string | null): Promise<HubDatasetSnapshot>;
  /** Downloads (resumably, verified) and returns local paths in the order given. */
  download(request: HubDatasetDownload): Promise<string[]>;
}

export interface HubDatasetClientOptions {
  /** Defaults to HF_ENDPOINT, else the public Hub. */
  readonly hubUrl?: string;
  /** Caller's token (hf_…), falling back to HF_TOKEN; needed for gated and private datasets. */
  readonly token?: string | null;
  /** Download tuning (parallel parts, retries, backoff…); the Hub client's defaults otherwise. */
  readonly transfer?: Partial<TransferTuning>;
}

/**
 * The real client: dataset repos through the Hub client (repo type "dataset"), so gated, private,
 * missing and rate-limited repos fail with the same codes as models. A malformed token is
 * rejected here, before anything is sent.
 */
export function createHubDatasetClient(options: HubDatasetClientOptions = {}): HubDatasetClient {
  const access = resolveHubAccess({ accessToken: options.token, hubUrl: options.hubUrl });
  return {
    async snapshot(repoId, revision) {
      const info = await fetchRepoInfo({ repoId, repoType: "dataset", revision: revision ?? undefined, access });
      const files = await listRepoFiles({ repoId, repoType: "dataset", revision: info.sha, access });
      return { revision: info.sha, files };
    },
    async download(request) {
      await downloadRepoFiles({
        ...options.transfer,
        repoId: request.repoId,
        repoType: "dataset",
        revision: request.revision,
        files: request.files.map((file) => ({ path: file.path, size: file.size, sha256: file.lfsSha256 ?? null, gitOid: file.gitOid })),
        destDir: request.destDir,
        tempDir: request.tempDir,
        hubUrl: access.hubUrl,
        token: access.token,
        signal: request.signal,
        onProgress: (progress) => request.onBytes?.(progress.bytesDone, progress.bytesTotal),
      });
      return request.files.map((file) => path.join(request.destDir, file.path));
    },
  };
}

export interface ImportHubDatasetOptions {
  readonly repoId: string;
  /** Branch, tag or commit; default "main". The manifest records the commit it resolved to. */
  readonly revision?: string | null;
  readonly config?: string | null;
  readonly split?: string | null;
  readonly textField?: string | null;
  readonly client: HubDatasetClient;
  readonly outDir: string;
  readonly tempDir: string;
  readonly signal?: AbortSignal;
  /** phase "download" then "import"; bytes refer to the phase. */
  readonly onProgress?: (progress: ImportProgress & { phase: "download" | "import" }) => void;
}

export type ImportHubDatasetResult = ImportResult & {
  readonly split: string;
  /** Repo paths of the imported files, in import order. */
  readonly files: string[];
  /** Commit sha the files came from. */
  readonly revision: string;
};

export async function importHubDataset(options: ImportHubDatasetOptions): Promise<ImportHubDatasetResult> {
  const snapshot = await options.client.snapshot(options.repoId, options.revision);
  const { split, files } = pickSplitFiles(snapshot.files, options.config, options.split);
  options.signal?.throwIfAborted();
  // Downloads stay under tempDir (they are inputs, not the dataset). The folder is named after the
  // target and the commit, so a retried job finds its finished files and partials again, and two
  // jobs importing the same repo never share (and delete) each other's files.
  const downloadDir = path.join(options.tempDir, `hub-dataset-${stableKey(options.outDir, options.repoId, snapshot.revision)}`);
  try {
    const local = await options.client.download({
      repoId: options.repoId,
      revision: snapshot.revision,
      files,
      destDir: path.join(downloadDir, "files"),
      tempDir: path.join(downloadDir, "partial"),
      signal: options.signal,
      onBytes: (bytesDone, bytesTotal) => options.onProgress?.({ phase: "download", bytesDone, bytesTotal, samples: 0 }),
    });
    const result = await importDatasetFiles({
      files: files.map((f, i) => ({ path: local[i], name: f.path, format: formatOfHubPath(f.path) ?? undefined })),
      textField: options.textField,
      source: {
        kind: "hub",
        repoId: options.repoId,
        revision: snapshot.revision,
        config: options.config ?? null,
        split,
        files: files.map((f) => f.path),
        textField: options.textField ?? null,
      },
      outDir: options.outDir,
      tempDir: options.tempDir,
      signal: options.signal,
      onProgress: (p) => options.onProgress?.({ ...p, phase: "import" }),
    });
    await rm(downloadDir, { recursive: true, force: true });
    return { ...result, split, files: files.map((f) => f.path), revision: snapshot.revision };
  } catch (error) {
    if (!worthResuming(error, options.signal)) await rm(downloadDir, { recursive: true, force: true });
    throw error;
  }
}

/** Keep downloaded bytes only when a retry of the same job could use them (network, rate limit, disk). */
function worthResuming(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted) return false;
  return isCodedError(error) && !PERMANENT_ERROR_CODES.includes(error.code);
}

function stableKey(...parts: string[]): string {
  return createHash("sha1").update(parts.join("\0")).digest("hex").slice(0, 16);
}
