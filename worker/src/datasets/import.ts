/**
 * Imports dataset files into the normalised store (store.ts). Everything is written into a
 * private folder under `tempDir` and renamed into `outDir` only when complete, so a failed,
 * cancelled or crashed import leaves nothing behind at the dataset's path.
 */
import { mkdir, mkdtemp, open, rename, rm, stat, writeFile, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { CodedError } from "../../../contracts/src/index.ts";
import { DEFAULT_TEXT_FIELD } from "./record-field.ts";
import { READERS, formatOf, type DatasetFormat } from "./readers.ts";
import { MANIFEST_FILE, SAMPLES_FILE, type DatasetManifest, type DatasetSource } from "./store.ts";

export const PREVIEW_ROWS = 10;
const PREVIEW_CHARS = 500;

export interface ImportProgress {
  bytesDone: number;
  bytesTotal: number;
  samples: number;
}

export interface ImportResult {
  sampleCount: number;
  /** Bytes of the stored samples file. */
  bytes: number;
  preview: string[];
  skipped: number;
}

/** Appends lines through a 1 MiB buffer: one awaited write per MiB, no stream events to juggle. */
class LineSink {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly handle: FileHandle) {}

  async push(line: string): Promise<void> {
    this.parts.push(line);
    this.size += line.length;
    if (this.size >= 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join("");
    this.parts = [];
    this.size = 0;
    await this.handle.write(text);
  }
}

export interface SourceFile {
  readonly path: string;
  /** Shown in messages and used for the format when `format` is not given. */
  readonly name: string;
  readonly format?: DatasetFormat;
}

interface ImportFilesOptions {
  readonly files: readonly SourceFile[];
  readonly textField?: string | null;
  readonly source: DatasetSource;
  readonly outDir: string;
  readonly tempDir: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ImportProgress) => void;
}

/** Reads every file in order into one samples.jsonl; the shared core of uploads and Hub imports. */
export async function importDatasetFiles(options: ImportFilesOptions): Promise<ImportResult> {
  const { files, signal, onProgress } = options;
  const textField = options.textField?.trim() || DEFAULT_TEXT_FIELD;
  const sizes = await Promise.all(files.map((f) => stat(f.path).then((s) => s.size)));
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  await mkdir(options.tempDir, { recursive: true });
  const work = await mkdtemp(path.join(options.tempDir, "dataset-import-"));
  const handle = await open(path.join(work, SAMPLES_FILE), "w");
  const sink = new LineSink(handle);
  const preview: string[] = [];
  let sampleCount = 0;
  let skipped = 0;
  try {
    let bytesBefore = 0;
    for (const [i, file] of files.entries()) {
      const format = file.format ?? formatOf(file.name);
      const report = (bytes: number) => onProgress?.({ bytesDone: bytesBefore + bytes, bytesTotal, samples: sampleCount });
      for await (const text of READERS[format](file.path, { name: file.name, textField, signal, onBytes: report })) {
        // Blank samples carry no tokens (and would be all padding): skipped and counted.
        if (text === null || !text.trim()) {
          skipped++;
          continue;
        }
        if (preview.length < PREVIEW_ROWS) preview.push(text.slice(0, PREVIEW_CHARS));
        sampleCount++;
        await sink.push(JSON.stringify({ text }) + "\n");
      }
      bytesBefore += sizes[i];
    }
    signal?.throwIfAborted();
    if (sampleCount === 0) {
      throw new CodedError("BAD_USER_INPUT", `No samples found in ${files.map((f) => f.name).join(", ") || "the dataset"}: it is empty or every value is blank.`, "file");
    }
    await sink.flush();
    await handle.sync();
    await handle.close();
    const bytes = (await stat(path.join(work, SAMPLES_FILE))).size;
    const manifest: DatasetManifest = { version: 1, sampleCount, bytes, skipped, preview, source: options.source, createdAt: new Date().toISOString() };
    await writeFile(path.join(work, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
    // outDir may already exist and hold the upload itself: move the two files in, the manifest
    // last (a folder with dataset.json is a complete dataset), then drop the work folder.
    await mkdir(options.outDir, { recursive: true });
    await rename(path.join(work, SAMPLES_FILE), path.join(options.outDir, SAMPLES_FILE));
    await rename(path.join(work, MANIFEST_FILE), path.join(options.outDir, MANIFEST_FILE));
    await rm(work, { recursive: true, force: true });
    return { sampleCount, bytes, preview, skipped };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
    if (signal?.aborted) throw new CodedError("CANCELLED", "The dataset import was cancelled.");
    throw error;
  }
}

export interface ImportDatasetFileOptions {
  readonly sourcePath: string;
  /** The uploaded file's name: decides the format by its extension. */
  readonly originalName: string;
  /** Field/column holding the text (.jsonl/.json/.csv/.parquet); defaults to "text". */
  readonly textField?: string | null;
  readonly outDir: string;
  readonly tempDir: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ImportProgress) => void;
}

/** Imports one uploaded file (.txt one sample per line, .jsonl/.json/.csv/.parquet with a text field). */
export async function importDatasetFile(options: ImportDatasetFileOptions): Promise<ImportResult> {
  const format = formatOf(options.originalName);
  return importDatasetFiles({
    files: [{ path: options.sourcePath, name: options.originalName, format }],
    textField: options.textField,
    source: { kind: "upload", originalName: options.originalName, format, textField: format === "txt" ? null : options.textField?.trim() || DEFAULT_TEXT_FIELD },
    outDir: options.outDir,
    tempDir: options.tempDir,
    signal: options.signal,
    onProgress: options.onProgress,
  });
}
