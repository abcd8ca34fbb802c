/**
 * PROVISIONAL conversion step: copies the raw weights into the variant folder with progress and
 * writes quantization_config.json. The real step is `convertCheckpoint` (worker/src/engine/convert/),
 * whose options (rawDir, outDir, format, tempDir, signal, onProgress, revision) and result fields
 * used here (format, fallbackReason, diskBytes, fidelity, validation) match.
 */
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FidelityRecord, QuantizationFormat } from "../../../../contracts/src/index.ts";
import { copyWithProgress } from "./copy-with-progress.ts";
import { provisionalDelayMs } from "./provisional-settings.ts";

export interface ConvertCheckpointOptions {
  rawDir: string;
  outDir: string;
  format: QuantizationFormat;
  tempDir: string;
  revision?: string;
  signal?: AbortSignal;
  onProgress?(progress: { phase: "conversion" | "validation"; percent: number; bytesDone: number; bytesTotal: number; currentTensor: string | null }): void;
}

export interface ConvertCheckpointResult {
  format: QuantizationFormat;
  fallbackReason: string | null;
  diskBytes: number;
  fidelity: FidelityRecord | null;
  /** The real step measures the memory of a process that loaded the variant. */
  validation: { residentBytes: number } | null;
}

export async function convertCheckpoint(options: ConvertCheckpointOptions): Promise<ConvertCheckpointResult> {
  const signal = options.signal ?? new AbortController().signal;
  const weights = (await readdir(options.rawDir)).filter((name) => name.endsWith(".safetensors"));
  const bytesTotal = (await Promise.all(weights.map(async (name) => (await stat(path.join(options.rawDir, name))).size))).reduce((a, b) => a + b, 0);
  const staging = path.join(options.tempDir, "variant");
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  let bytesDone = 0;
  for (const name of weights) {
    await copyWithProgress(path.join(options.rawDir, name), path.join(staging, name), {
      signal,
      delayMs: provisionalDelayMs(),
      onBytes: (bytes) => {
        bytesDone += bytes;
        options.onProgress?.({ phase: "conversion", percent: (100 * bytesDone) / Math.max(1, bytesTotal), bytesDone, bytesTotal, currentTensor: name });
      },
    });
  }
  await writeFile(path.join(staging, "quantization_config.json"), JSON.stringify({ format: options.format, provisional: true, revision: options.revision ?? null }, null, 2));
  await mkdir(path.dirname(options.outDir), { recursive: true });
  await rename(staging, options.outDir);
  return { format: options.format, fallbackReason: null, diskBytes: bytesTotal, fidelity: null, validation: null };
}
