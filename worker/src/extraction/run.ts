/**
 * The entry point a job handler calls: an imported dataset + a converted model variant →
 * activations/extraction_{id}/. Tokenizes with the model's own tokenizer files (carried into
 * the variant folder by the converter) and hands the rows to the extraction loop.
 */
import { createHash } from "node:crypto";
import { readDatasetManifest, readSamples } from "../datasets/store.ts";
import type { ExtractionResult } from "./documents.ts";
import { extractActivations, type ExtractActivationsOptions, type ExtractionModel, type TokenSource } from "./pipeline.ts";
import { loadModelTokenizer } from "./tokenize.ts";

/** What the extraction loop takes, with the model's tokenizer and the dataset folder in place of a token source. */
export interface RunExtractionOptions extends Omit<ExtractActivationsOptions, "model" | "dataset" | "source"> {
  readonly modelInfo: ExtractionModel & {
    /** Folder with tokenizer.json (+ tokenizer_config.json); defaults to the variant folder. */
    readonly tokenizerDir?: string;
  };
  readonly datasetId: string | null;
  /** datasets/{id}/ as written by importDatasetFile / importHubDataset. */
  readonly datasetDir: string;
}

export async function runExtraction(options: RunExtractionOptions): Promise<ExtractionResult> {
  const { modelInfo, datasetId, datasetDir, ...loop } = options;
  const { tokenizerDir, ...model } = modelInfo;
  const manifest = await readDatasetManifest(datasetDir);
  const tokenizer = await loadModelTokenizer(tokenizerDir ?? options.variantDir);
  const seq = options.config.sequenceLength;
  const source: TokenSource = {
    total: manifest.sampleCount,
    padTokenId: tokenizer.description.padTokenId,
    identity: createHash("sha256").update(JSON.stringify({ dataset: manifest, tokenizer: tokenizer.description })).digest("hex"),
    tokenizer: tokenizer.description,
    async *rows(fromSample) {
      for await (const text of readSamples(datasetDir, fromSample)) yield tokenizer.encode(text, seq);
    },
  };
  return extractActivations({ ...loop, model, dataset: { datasetId, source: manifest.source }, source });
}
