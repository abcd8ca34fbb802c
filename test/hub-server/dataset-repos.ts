/**
 * Dataset repos for the local Hub, generated at server start (no binary fixtures in git): the two
 * layouts `datasets` pushes and most Hub datasets use, plus a gated copy.
 *
 *   tiny-text-parquet  data/{split}-0000k-of-0000n.parquet (default config, train in 2 shards)
 *                      + wiki/{split}-00000-of-00001.parquet (a second config as a folder)
 *   tiny-text-jsonl    {split}.jsonl at the root (small: a plain git file, verified by blob id)
 *   tiny-text-gated    the parquet layout, gated "manual"
 *
 * Parquet files are LFS on the Hub (sha256-verified). Tests take their expectations from
 * DATASET_ROWS, never from the importer.
 */
import { parquetWriteBuffer } from "hyparquet-writer";
import { TEST_OWNER, type RepoSpec } from "./repos.ts";

export const DATASET_REPOS = {
  parquet: `${TEST_OWNER}/tiny-text-parquet`,
  jsonl: `${TEST_OWNER}/tiny-text-jsonl`,
  gated: `${TEST_OWNER}/tiny-text-gated`,
} as const;

export interface DatasetRow {
  readonly text: string;
  readonly label: number;
}

/** Distinct, deterministic texts: a test can tell which file (and which row) a sample came from. */
function rows(tag: string, count: number): DatasetRow[] {
  return Array.from({ length: count }, (_, i) => ({ text: `${tag} #${i}: the quick brown fox ${"jumps ".repeat(i % 5)}over the lazy dog`, label: i % 3 }));
}

/** Every data file of every dataset repo with the rows it holds, by repo id then path. */
export const DATASET_ROWS: Readonly<Record<string, Readonly<Record<string, readonly DatasetRow[]>>>> = {
  [DATASET_REPOS.parquet]: {
    "data/train-00000-of-00002.parquet": rows("train shard 0", 120),
    "data/train-00001-of-00002.parquet": rows("train shard 1", 37),
    "data/test-00000-of-00001.parquet": rows("test", 25),
    "wiki/train-00000-of-00001.parquet": rows("wiki train", 9),
  },
  [DATASET_REPOS.jsonl]: {
    "train.jsonl": rows("jsonl train", 64),
    "validation.jsonl": rows("jsonl validation", 11),
  },
  [DATASET_REPOS.gated]: {
    "data/train-00000-of-00001.parquet": rows("gated train", 5),
  },
};

function parquetBytes(data: readonly DatasetRow[]): Buffer {
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: "text", data: data.map((row) => row.text), type: "STRING" },
      { name: "label", data: data.map((row) => row.label), type: "INT32" },
    ],
  });
  return Buffer.from(buffer);
}

const jsonlBytes = (data: readonly DatasetRow[]) => Buffer.from(data.map((row) => JSON.stringify(row) + "\n").join(""));

const ENCODERS: ReadonlyArray<[RegExp, (data: readonly DatasetRow[]) => Buffer]> = [
  [/\.parquet$/, parquetBytes],
  [/\.jsonl$/, jsonlBytes],
];

function encode(filePath: string, data: readonly DatasetRow[]): Buffer {
  const encoder = ENCODERS.find(([pattern]) => pattern.test(filePath));
  if (!encoder) throw new Error(`No encoder for dataset file ${filePath}`);
  return encoder[1](data);
}

/** A dataset card like the Hub's: not data, so the importer must skip it. */
const card = (id: string) => Buffer.from(`---\nlicense: mit\n---\n# ${id}\nSynthetic text for miStudio tests.\n`);

export function datasetRepoSpecs(): RepoSpec[] {
  return Object.entries(DATASET_ROWS).map(([id, files]) => ({
    id,
    type: "dataset" as const,
    files: { "README.md": card(id), ...Object.fromEntries(Object.entries(files).map(([filePath, data]) => [filePath, encode(filePath, data)])) },
    ...(id === DATASET_REPOS.gated ? { gated: "manual" as const } : {}),
  }));
}
