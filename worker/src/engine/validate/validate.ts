/**
 * The validation forward pass: the variant's full graph on the probe must run and give finite
 * numbers everywhere (taps and logits). Also measures what loading and running it costs.
 */
import path from "node:path";
import { CodedError } from "../../../../contracts/src/index.ts";
import { MODEL_FILE, readManifest } from "../graph/manifest.ts";
import { makeProbe, runProbe } from "./probe.ts";

export interface ValidationResult {
  /** Resident memory the process gained by creating the session and running the probe. */
  readonly residentBytes: number;
  readonly sessionSeconds: number;
  readonly forwardSeconds: number;
  readonly probeTokens: number;
  readonly outputsChecked: number;
}

export async function validateVariant(variantDir: string): Promise<ValidationResult> {
  const manifest = await readManifest(variantDir);
  const probe = makeProbe(manifest.description.vocabSize);
  const rssBefore = process.memoryUsage.rss();
  let run: Awaited<ReturnType<typeof runProbe>>;
  let rssAfter: number;
  try {
    run = await runProbe(path.join(variantDir, MODEL_FILE), probe);
    rssAfter = process.memoryUsage.rss();
  } catch (error) {
    throw new CodedError("INTERNAL", `onnxruntime could not load or run the ${manifest.format} graph: ${(error as Error).message}`);
  }
  for (const [name, values] of run.outputs) {
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new CodedError("INTERNAL", `the ${manifest.format} graph gives a non-finite value (${values[bad]}) in ${name} on the probe input`);
  }
  return {
    residentBytes: Math.max(0, rssAfter - rssBefore),
    sessionSeconds: run.sessionSeconds,
    forwardSeconds: run.forwardSeconds,
    probeTokens: probe.realTokens,
    outputsChecked: run.outputs.size,
  };
}
