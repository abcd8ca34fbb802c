/**
 * The entry point a job handler calls: an imported dataset + a converted model variant →
 * activations/extraction_{id}/. Tokenizes with the model's own tokenizer files (carried into
 * the variant folder by the converter) and hands the rows to the extraction loop.
 */
import { createHash } from "node:crypto";
import type { ResolvedExtractionConfig } from "../../../contracts/src/index.ts";
import { readDatasetManifest, readSamples } from "../datasets/store.ts";
import type { ExtractionResult } from "./documents.ts";
import type { OpenRunner } from "./ort-runner.ts";
import { extractActivations, type ExtractionModel, type TokenSource } from "./pipeline.ts";
import type { ExtractionProgress } from "./progress.ts";
import { loadModelTokenizer, type PaddingSide } from "./tokenize.ts";

export interface RunExtractionOptions {
  /** models/quantized/{id}_{format}/ (graph.json, model.onnx.data, tokenizer files). */
  readonly variantDir: string;
  readonly modelInfo: ExtractionModel & {
    /** Folder with tokenizer.json (+ tokenizer_config.json); defaults to the variant folder. */
    readonly tokenizerDir?: string;
  };
  readonly datasetId: string | null;
  /** datasets/{id}/ as written by importDatasetFile / importHubDataset. */
  readonly datasetDir: string;
  readonly config: ResolvedExtractionConfig;
  readonly outDir: string;
  readonly tempDir: string;
  readonly paddingSide?: PaddingSide;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ExtractionProgress) => void;
  readonly openRunner?: OpenRunner;
}

export async function runExtraction(options: RunExtractionOptions): Promise<ExtractionResult> {
  const { tokenizerDir, ...model } = options.modelInfo;
  const manifest = await readDatasetManifest(options.datasetDir);
  const tokenizer = await loadModelTokenizer(tokenizerDir ?? options.variantDir);
  const seq = options.config.sequenceLength;
  const source: TokenSource = {
    total: manifest.sampleCount,
    padTokenId: tokenizer.description.padTokenId,
    identity: createHash("sha256").update(JSON.stringify({ dataset: manifest, tokenizer: tokenizer.description })).digest("hex"),
    tokenizer: tokenizer.description,
    async *rows(fromSample) {
      for await (const text of readSamples(options.datasetDir, fromSample)) yield tokenizer.encode(text, seq);
    },
  };
  return extractActivations({
    variantDir: options.variantDir,
    model,
    dataset: { datasetId: options.datasetId, source: manifest.source },
    source,
    config: options.config,
    outDir: options.outDir,
    tempDir: options.tempDir,
    paddingSide: options.paddingSide,
    signal: options.signal,
    onProgress: options.onProgress,
    openRunner: options.openRunner,
  });
}
