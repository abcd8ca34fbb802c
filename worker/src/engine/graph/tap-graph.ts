/**
 * Tap graphs on demand: the graph an extraction needs (blocks up to its deepest layer, no LM head
 * unless asked), built from the variant's manifest, cached beside the shared data file.
 */
import { createHash } from "node:crypto";
import { access, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { CodedError, HOOK_TYPES } from "../../../../contracts/src/index.ts";
import type { TapGraphRequest } from "../contracts.ts";
import { encodeModel } from "../onnx/model.ts";
import { buildDecoderModel } from "./decoder.ts";
import { readManifest } from "./manifest.ts";

/** Taps sorted and deduplicated, so equal requests share one cached file. */
function canonicalRequest(request: TapGraphRequest): string {
  const taps = [...new Set(request.taps.map((t) => `${t.layer}:${HOOK_TYPES.indexOf(t.hook)}`))].sort();
  return JSON.stringify({ taps, logits: request.includeLogits, dtype: request.outputDType });
}

export function tapGraphFileName(request: TapGraphRequest): string {
  return `taps-${createHash("sha256").update(canonicalRequest(request)).digest("hex").slice(0, 16)}.onnx`;
}

/** Path of an .onnx graph in `variantDir` answering `request`; built and cached on first use. */
export async function ensureTapGraph(variantDir: string, request: TapGraphRequest): Promise<string> {
  if (request.taps.length === 0 && !request.includeLogits) {
    throw new CodedError("BAD_USER_INPUT", "A tap graph needs at least one tap or the logits.", "input.layers");
  }
  const manifest = await readManifest(variantDir);
  const layers = manifest.description.numLayers;
  const outOfRange = request.taps.find((t) => !Number.isInteger(t.layer) || t.layer < 0 || t.layer >= layers);
  if (outOfRange) {
    throw new CodedError("BAD_USER_INPUT", `Layer ${outOfRange.layer} does not exist: this model has layers 0..${layers - 1}.`, "input.layers");
  }
  const file = path.join(variantDir, tapGraphFileName(request));
  if (await access(file).then(() => true, () => false)) return file;
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, encodeModel(buildDecoderModel(manifest.description, manifest, request)));
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return file;
}
