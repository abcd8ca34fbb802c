/**
 * The variant folder's graph manifest: the model description plus where each stored weight sits
 * in the shared external data file. Written once by the converter; every tap graph is built from
 * it, so no graph ever needs the checkpoint again.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { CodedError, type QuantizationFormat } from "../../../../contracts/src/index.ts";
import type { ModelDescription } from "../architectures/descriptor.ts";
import type { StoredWeight } from "./weights.ts";

export const MODEL_FILE = "model.onnx";
/** One data file per variant, beside every graph (ORT resolves external data relative to the model and refuses ".."). */
export const DATA_FILE = "model.onnx.data";
export const MANIFEST_FILE = "graph.json";
/** 2: dense linears stored [N, K] (version 1 stored them [K, N]). */
const MANIFEST_VERSION = 2;

export interface VariantManifest {
  readonly version: typeof MANIFEST_VERSION;
  readonly format: QuantizationFormat;
  readonly dataFile: string;
  readonly description: ModelDescription;
  readonly weights: readonly StoredWeight[];
}

export function makeManifest(format: QuantizationFormat, description: ModelDescription, weights: readonly StoredWeight[]): VariantManifest {
  return { version: MANIFEST_VERSION, format, dataFile: DATA_FILE, description, weights };
}

export async function readManifest(variantDir: string): Promise<VariantManifest> {
  const file = path.join(variantDir, MANIFEST_FILE);
  let manifest: VariantManifest;
  try {
    manifest = JSON.parse(await readFile(file, "utf8")) as VariantManifest;
  } catch (error) {
    throw new CodedError("NOT_FOUND", `${variantDir} is not a converted model folder (cannot read ${MANIFEST_FILE}: ${(error as Error).message}).`);
  }
  if (manifest.version !== MANIFEST_VERSION) {
    throw new CodedError("INCOMPATIBLE", `${file} has version ${String(manifest.version)}; this worker reads version ${MANIFEST_VERSION}. Re-quantize the model.`);
  }
  return manifest;
}
