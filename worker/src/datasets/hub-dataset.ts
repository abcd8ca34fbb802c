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
 */
import { CodedError } from "../../../contracts/src/index.ts";
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

/** What the import needs from the Hub client (implemented over worker/src/hub for repo type "dataset"). */
export interface HubDatasetClient {
  /** Resolved commit sha the files are pinned to. */
  readonly revision: string;
  listFiles(): Promise<HubDatasetFile[]>;
  /** Downloads (resumably, sha256-verified) and returns local paths in the order given. */
  download(files: readonly HubDatasetFile[], options: { signal?: AbortSignal; onBytes?: (done: number, total: number) => void }): Promise<string[]>;
}

export interface ImportHubDatasetOptions {
  readonly repoId: string;
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

export async function importHubDataset(options: ImportHubDatasetOptions): Promise<ImportResult & { split: string; files: string[] }> {
  const { split, files } = pickSplitFiles(await options.client.listFiles(), options.config, options.split);
  const local = await options.client.download(files, {
    signal: options.signal,
    onBytes: (bytesDone, bytesTotal) => options.onProgress?.({ phase: "download", bytesDone, bytesTotal, samples: 0 }),
  });
  const result = await importDatasetFiles({
    files: files.map((f, i) => ({ path: local[i], name: f.path, format: formatOfHubPath(f.path) ?? undefined })),
    textField: options.textField,
    source: {
      kind: "hub",
      repoId: options.repoId,
      revision: options.client.revision,
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
  return { ...result, split, files: files.map((f) => f.path) };
}
