/**
 * PROVISIONAL dataset step: one sample per non-empty line of the uploaded file. The real step is
 * `importDatasetFile` / the Hub importer (worker/src/datasets/), with the same options shape.
 */
import { readFile } from "node:fs/promises";
import { CodedError } from "../../../../contracts/src/index.ts";

export interface ImportDatasetOptions {
  sourcePath: string;
  originalName: string;
  textField?: string | null;
  outDir: string;
  tempDir: string;
  signal?: AbortSignal;
  onProgress?(progress: { bytesDone: number; bytesTotal: number; samples: number }): void;
}

export async function importDatasetFile(options: ImportDatasetOptions): Promise<{ sampleCount: number; bytes: number; preview: string[] }> {
  const text = await readFile(options.sourcePath, "utf8").catch(() => {
    throw new CodedError("NOT_FOUND", "The uploaded file is missing.");
  });
  options.signal?.throwIfAborted();
  const lines = text.split(/\r?\n/).filter((line) => line.trim().length > 0);
  options.onProgress?.({ bytesDone: text.length, bytesTotal: text.length, samples: lines.length });
  return { sampleCount: lines.length, bytes: Buffer.byteLength(text), preview: lines.slice(0, 10).map((line) => line.slice(0, 500)) };
}
