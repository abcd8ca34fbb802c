/**
 * The fixed probe input of validation and fidelity: two rows, the second left-padded, so the
 * probe also exercises position ids from the mask and fully masked pad rows.
 */
import * as ort from "onnxruntime-node";

export const PROBE_SEQUENCE = 12;
const PROBE_PADDING = 4;

export interface ProbeInput {
  readonly inputIds: BigInt64Array;
  readonly attentionMask: BigInt64Array;
  readonly batch: number;
  readonly sequence: number;
  /** Real (unpadded) tokens in the probe. */
  readonly realTokens: number;
}

export function makeProbe(vocabSize: number): ProbeInput {
  const batch = 2;
  const ids = new BigInt64Array(batch * PROBE_SEQUENCE);
  const mask = new BigInt64Array(batch * PROBE_SEQUENCE);
  for (let t = 0; t < PROBE_SEQUENCE; t++) {
    // A fixed spread of ids across the vocabulary (no tokenizer needed).
    ids[t] = BigInt((t * 7919 + 11) % vocabSize);
    mask[t] = 1n;
    const padded = t < PROBE_PADDING;
    ids[PROBE_SEQUENCE + t] = padded ? 0n : BigInt((t * 104729 + 5) % vocabSize);
    mask[PROBE_SEQUENCE + t] = padded ? 0n : 1n;
  }
  return { inputIds: ids, attentionMask: mask, batch, sequence: PROBE_SEQUENCE, realTokens: batch * PROBE_SEQUENCE - PROBE_PADDING };
}

export function probeFeeds(probe: ProbeInput): Record<string, ort.Tensor> {
  const dims = [probe.batch, probe.sequence];
  return { input_ids: new ort.Tensor("int64", probe.inputIds, dims), attention_mask: new ort.Tensor("int64", probe.attentionMask, dims) };
}

/** Session options for engine runs (ORT.md: both cores, full graph optimization). */
export const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  executionProviders: ["cpu"],
  intraOpNumThreads: 2,
  interOpNumThreads: 1,
  graphOptimizationLevel: "all",
};

export interface SessionRun {
  readonly outputs: Map<string, Float32Array>;
  readonly sessionSeconds: number;
  readonly forwardSeconds: number;
}

/** Runs the probe through one graph and returns its float32 outputs; the session is released before returning. */
export function runProbe(modelPath: string, probe: ProbeInput): Promise<SessionRun> {
  return runOnce(modelPath, probeFeeds(probe));
}

/** One forward pass of the graph at `modelPath` on `feeds`; the session is released before returning. */
export async function runOnce(modelPath: string, feeds: Record<string, ort.Tensor>): Promise<SessionRun> {
  const started = performance.now();
  const session = await ort.InferenceSession.create(modelPath, SESSION_OPTIONS);
  const created = performance.now();
  try {
    const results = await session.run(feeds);
    const outputs = new Map<string, Float32Array>();
    for (const [name, tensor] of Object.entries(results)) {
      if (tensor.type !== "float32") throw new Error(`probe output ${name} is ${tensor.type}, expected float32`);
      outputs.set(name, tensor.data as Float32Array);
    }
    return { outputs, sessionSeconds: (created - started) / 1000, forwardSeconds: (performance.now() - created) / 1000 };
  } finally {
    await session.release();
  }
}
