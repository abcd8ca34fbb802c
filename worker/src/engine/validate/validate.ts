/**
 * The validation forward pass: the variant's full graph on the probe must load, run and give
 * finite numbers everywhere (taps and logits). It runs in a child process, which also measures
 * the resident memory the model really takes (shown next to the estimate).
 */
import path from "node:path";
import { CodedError } from "../../../../contracts/src/index.ts";
import { MODEL_FILE, readManifest } from "../graph/manifest.ts";
import { runJsonChild } from "./child.ts";
import type { ProbeChildReport } from "./probe-child.ts";
import { makeProbe } from "./probe.ts";

const CHILD_ENTRY = new URL("./probe-child.ts", import.meta.url);

export interface ValidationResult {
  /** Peak resident memory of a process that loaded the model and ran the probe, minus that process's baseline. */
  readonly residentBytes: number;
  /** The same process's peak, Node and ORT runtime included. */
  readonly peakProcessBytes: number;
  readonly sessionSeconds: number;
  readonly forwardSeconds: number;
  readonly probeTokens: number;
  readonly outputsChecked: number;
}

export async function validateVariant(variantDir: string, signal?: AbortSignal): Promise<ValidationResult> {
  const manifest = await readManifest(variantDir);
  let report: ProbeChildReport;
  try {
    report = await runJsonChild<ProbeChildReport>(CHILD_ENTRY, [path.join(variantDir, MODEL_FILE), String(manifest.description.vocabSize)], { signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new CodedError("INTERNAL", `onnxruntime could not load or run the ${manifest.format} graph: ${(error as Error).message}`);
  }
  if (report.nonFinite) {
    throw new CodedError("INTERNAL", `the ${manifest.format} graph gives a non-finite value (${report.nonFinite.value}) in ${report.nonFinite.output} on the probe input`);
  }
  return {
    residentBytes: Math.max(0, report.peakRssBytes - report.baselineRssBytes),
    peakProcessBytes: report.peakRssBytes,
    sessionSeconds: report.sessionSeconds,
    forwardSeconds: report.forwardSeconds,
    probeTokens: makeProbe(manifest.description.vocabSize).realTokens,
    outputsChecked: report.outputsChecked,
  };
}
