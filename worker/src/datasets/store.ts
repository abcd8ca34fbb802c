/**
 * The normalised form of every imported dataset under `datasets/{id}/`:
 *   samples.jsonl   one `{"text": "..."}` per line, in source order (readable by anything)
 *   dataset.json    the manifest; written last, so a folder without it is not a dataset
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { CodedError } from "../../../contracts/src/index.ts";
import type { DatasetFormat } from "./readers.ts";

export const SAMPLES_FILE = "samples.jsonl";
export const MANIFEST_FILE = "dataset.json";

export type DatasetSource =
  | { readonly kind: "upload"; readonly originalName: string; readonly format: DatasetFormat; readonly textField: string | null }
  | {
      readonly kind: "hub";
      readonly repoId: string;
      readonly revision: string | null;
      readonly config: string | null;
      readonly split: string | null;
      readonly files: string[];
      readonly textField: string | null;
    };

export interface DatasetManifest {
  readonly version: 1;
  readonly sampleCount: number;
  /** Bytes of samples.jsonl. */
  readonly bytes: number;
  /** Empty or missing values that were skipped. */
  readonly skipped: number;
  readonly preview: string[];
  readonly source: DatasetSource;
  readonly createdAt: string;
}

export async function readDatasetManifest(datasetDir: string): Promise<DatasetManifest> {
  let text: string;
  try {
    text = await readFile(path.join(datasetDir, MANIFEST_FILE), "utf8");
  } catch {
    throw new CodedError("NOT_FOUND", `No imported dataset in ${datasetDir} (${MANIFEST_FILE} is missing).`);
  }
  const manifest = JSON.parse(text) as DatasetManifest;
  if (manifest.version !== 1 || !Number.isInteger(manifest.sampleCount)) {
    throw new CodedError("INTEGRITY", `${path.join(datasetDir, MANIFEST_FILE)} is not a version-1 dataset manifest.`);
  }
  return manifest;
}

/** Streams the samples from index `skip` on (a resumed extraction skips what it already did). */
export async function* readSamples(datasetDir: string, skip = 0): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(path.join(datasetDir, SAMPLES_FILE)), crlfDelay: Infinity });
  let index = 0;
  try {
    for await (const line of lines) {
      if (index++ < skip) continue;
      yield (JSON.parse(line) as { text: string }).text;
    }
  } finally {
    lines.close();
  }
}
