/**
 * PROVISIONAL extraction step: walks the dataset in batches with progress and writes one
 * zero-filled float32 `.npy` per tap (shape [samples, hidden]). The real step is `runExtraction`
 * (worker/src/extraction/): tokenize → ORT tap graph → .npy + statistics.
 */
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { provisionalDelayMs } from "./provisional-settings.ts";
import { tapFileName, type ExtractionFileRecord, type ResolvedExtractionConfig } from "../../../../contracts/src/index.ts";

export interface RunExtractionOptions {
  config: ResolvedExtractionConfig;
  hiddenSize: number;
  sampleCount: number;
  outDir: string;
  tempDir: string;
  signal: AbortSignal;
  onProgress(progress: { samplesDone: number; samplesTotal: number; tokensPerSecond: number | null }): void;
}

export interface RunExtractionResult {
  files: ExtractionFileRecord[];
  statistics: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

/** numpy format 1.0: magic, version, little-endian header length, header padded to 64 bytes. */
function npyHeader(shape: number[]): Buffer {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  const unpadded = 10 + dict.length + 1;
  const header = dict + " ".repeat((64 - (unpadded % 64)) % 64) + "\n";
  const prefix = Buffer.from([0x93, ...Buffer.from("NUMPY"), 1, 0, header.length & 0xff, header.length >> 8]);
  return Buffer.concat([prefix, Buffer.from(header, "latin1")]);
}

export async function runExtraction(options: RunExtractionOptions): Promise<RunExtractionResult> {
  const { config, signal } = options;
  const samplesTotal = Math.min(config.maxSamples ?? options.sampleCount, options.sampleCount);
  const started = performance.now();
  for (let done = 0; done < samplesTotal; ) {
    signal.throwIfAborted();
    done = Math.min(samplesTotal, done + config.batchSize);
    if (provisionalDelayMs()) await sleep(provisionalDelayMs(), undefined, { signal });
    const seconds = (performance.now() - started) / 1000;
    options.onProgress({ samplesDone: done, samplesTotal, tokensPerSecond: seconds > 0 ? (done * config.sequenceLength) / seconds : null });
  }
  const staging = path.join(options.tempDir, "activations");
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const files: ExtractionFileRecord[] = [];
  for (const layer of config.layers) {
    for (const hook of config.hooks) {
      const name = tapFileName(layer, hook);
      const shape = [samplesTotal, options.hiddenSize];
      const header = npyHeader(shape);
      const handle = await open(path.join(staging, name), "w");
      await handle.write(header);
      await handle.truncate(header.length + shape[0] * shape[1] * 4);
      await handle.close();
      files.push({ name, shape, dtype: "float32", bytes: header.length + shape[0] * shape[1] * 4, sha256: null });
    }
  }
  await mkdir(path.dirname(options.outDir), { recursive: true });
  await rm(options.outDir, { recursive: true, force: true });
  await rename(staging, options.outDir);
  const seconds = (performance.now() - started) / 1000;
  return { files, statistics: { provisional: true }, metrics: { samples: samplesTotal, seconds } };
}
