/**
 * Fidelity of a quantized variant: per layer and hook, its probe activations against the exact
 * FP32 model's, at real tokens only. The variant runs end to end (its whole graph, as users run
 * it); the reference runs block by block (reference.ts). They run one after the other, keeping
 * only tap outputs in between, and in a child process, so no session grows the worker.
 */
import path from "node:path";
import { CodedError, HOOK_TYPES, tapName, type HookType } from "../../../../contracts/src/index.ts";
import { MODEL_FILE, readManifest } from "../graph/manifest.ts";
import { runJsonChild } from "./child.ts";
import { makeProbe, runProbe, type ProbeInput } from "./probe.ts";
import { referenceTaps } from "./reference.ts";

const CHILD_ENTRY = new URL("./fidelity-child.ts", import.meta.url);

export interface FidelityEntry {
  readonly layer: number;
  readonly hook: HookType;
  /** ‖variant − fp32‖ / ‖fp32‖ over all real-token activations. */
  readonly relativeError: number;
  readonly cosineSimilarity: number;
  readonly maxAbsError: number;
}

export interface FidelityReport {
  readonly format: string;
  readonly probeTokens: number;
  readonly entries: readonly FidelityEntry[];
}

export interface Comparison {
  readonly relativeError: number;
  readonly cosineSimilarity: number;
  readonly maxAbsError: number;
}

/** Compares [B, S, H] activations at the positions where the mask is 1 (float64 sums). */
export function compareActivations(actual: ArrayLike<number>, expected: ArrayLike<number>, mask: BigInt64Array): Comparison {
  const width = expected.length / mask.length;
  let diff2 = 0;
  let ref2 = 0;
  let act2 = 0;
  let dot = 0;
  let maxAbs = 0;
  for (let token = 0; token < mask.length; token++) {
    if (mask[token] === 0n) continue;
    for (let i = token * width; i < (token + 1) * width; i++) {
      const a = actual[i]!;
      const e = expected[i]!;
      const d = a - e;
      diff2 += d * d;
      ref2 += e * e;
      act2 += a * a;
      dot += a * e;
      if (Math.abs(d) > maxAbs) maxAbs = Math.abs(d);
    }
  }
  return {
    relativeError: ref2 === 0 ? (diff2 === 0 ? 0 : Infinity) : Math.sqrt(diff2 / ref2),
    cosineSimilarity: act2 === 0 || ref2 === 0 ? (act2 === ref2 ? 1 : 0) : dot / Math.sqrt(act2 * ref2),
    maxAbsError: maxAbs,
  };
}

async function tapOutputs(variantDir: string, probe: ProbeInput): Promise<Map<string, Float32Array>> {
  const { outputs } = await runProbe(path.join(variantDir, MODEL_FILE), probe);
  outputs.delete("logits");
  return outputs;
}

/**
 * Per-layer, per-hook fidelity of the variant in `variantDir` against the FP32 model of the
 * checkpoint in `rawDir`, in this process; `scratchDir` holds one reference block at a time.
 */
export async function computeFidelity(variantDir: string, rawDir: string, scratchDir: string): Promise<FidelityReport> {
  const manifest = await readManifest(variantDir);
  const probe = makeProbe(manifest.description.vocabSize);
  const actual = await tapOutputs(variantDir, probe);
  const reference = await referenceTaps(rawDir, scratchDir, probe);
  const entries: FidelityEntry[] = [];
  for (let layer = 0; layer < manifest.description.numLayers; layer++) {
    for (const hook of HOOK_TYPES) {
      const name = tapName(layer, hook);
      entries.push({ layer, hook, ...compareActivations(actual.get(name)!, reference.get(name)!, probe.attentionMask) });
    }
  }
  return { format: manifest.format, probeTokens: probe.realTokens, entries };
}

/** computeFidelity in a child process (see the top of this file). */
export async function fidelityReport(variantDir: string, rawDir: string, scratchDir: string, signal?: AbortSignal): Promise<FidelityReport> {
  try {
    return await runJsonChild<FidelityReport>(CHILD_ENTRY, [variantDir, rawDir, scratchDir], { signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new CodedError("INTERNAL", `the fidelity report could not be computed: ${(error as Error).message}`);
  }
}
