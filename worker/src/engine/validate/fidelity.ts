/**
 * Fidelity of a quantized variant: per layer and hook, its probe activations against the FP32
 * graph's, at real tokens only. The two sessions run one after the other (memory), and only the
 * reference's tap outputs are kept in between.
 */
import path from "node:path";
import { HOOK_TYPES, tapName, type HookType } from "../../../../contracts/src/index.ts";
import { MODEL_FILE, readManifest } from "../graph/manifest.ts";
import { makeProbe, runProbe, type ProbeInput } from "./probe.ts";

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

/** Per-layer, per-hook fidelity of `variantDir` against the FP32 variant in `referenceDir`. */
export async function fidelityReport(variantDir: string, referenceDir: string): Promise<FidelityReport> {
  const manifest = await readManifest(variantDir);
  const probe = makeProbe(manifest.description.vocabSize);
  const reference = await tapOutputs(referenceDir, probe);
  const actual = await tapOutputs(variantDir, probe);
  const entries: FidelityEntry[] = [];
  for (let layer = 0; layer < manifest.description.numLayers; layer++) {
    for (const hook of HOOK_TYPES) {
      const name = tapName(layer, hook);
      entries.push({ layer, hook, ...compareActivations(actual.get(name)!, reference.get(name)!, probe.attentionMask) });
    }
  }
  return { format: manifest.format, probeTokens: probe.realTokens, entries };
}
