/**
 * The fidelity report's reference: the exact FP32 model, run block by block. For block L only
 * that block's weights are written (float32, straight from the checkpoint) beside a graph of
 * block L alone, built by the one graph builder (graph/decoder.ts with firstLayer = L), which
 * takes block L−1's residual as its input. One block's weights and session exist at a time, so
 * the peak is one block (plus the embedding table at block 0) instead of the whole FP32 model
 * (~4.4 GB at 1.1B parameters, beyond a 6 GB device once the variant is loaded too).
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { HOOK_TYPES, tapName } from "../../../../contracts/src/index.ts";
import { describeModel } from "../architectures/describe.ts";
import type { CanonicalWeight, ModelDescription } from "../architectures/descriptor.ts";
import { writeWeights } from "../convert/write-variant.ts";
import { buildDecoderModel, residualInputName } from "../graph/decoder.ts";
import { DATA_FILE, MODEL_FILE } from "../graph/manifest.ts";
import type { StoredWeight } from "../graph/weights.ts";
import { encodeModel } from "../onnx/model.ts";
import { openCheckpoint, type ReusableCheckpoint } from "../safetensors/index.ts";
import { probeFeeds, runOnce, type ProbeInput } from "./probe.ts";

const blockRequest = (layer: number) => ({ taps: HOOK_TYPES.map((hook) => ({ layer, hook })), includeLogits: false, outputDType: "float32" as const });

/** The weights block `layer`'s graph reads: the initializers of that graph built over placeholder storage. */
function blockWeights(d: ModelDescription, layer: number): CanonicalWeight[] {
  const placeholders: StoredWeight[] = d.weights.map((w) => ({ key: w.key, storage: "float32", dims: w.shape, data: { offset: 0, length: 0 } }));
  const graph = buildDecoderModel(d, { weights: placeholders, dataFile: DATA_FILE }, blockRequest(layer), layer).graph;
  const used = new Set(graph.initializers.map((t) => t.name));
  return d.weights.filter((w) => used.has(w.key));
}

/** Block `layer` in FP32 on the probe (its input residual from the previous block); returns its three taps. */
async function runBlock(checkpoint: ReusableCheckpoint, d: ModelDescription, layer: number, residual: Float32Array | null, probe: ProbeInput, dir: string) {
  await mkdir(dir, { recursive: true });
  try {
    const written = await writeWeights(blockWeights(d, layer), path.join(dir, DATA_FILE), { checkpoint, format: "FP32", concurrency: 2 });
    const modelPath = path.join(dir, MODEL_FILE);
    await writeFile(modelPath, encodeModel(buildDecoderModel(d, { weights: written.weights, dataFile: DATA_FILE }, blockRequest(layer), layer)));
    const { input_ids: inputIds, attention_mask: mask } = probeFeeds(probe);
    const feeds = residual
      ? { attention_mask: mask!, [residualInputName(layer)]: new ort.Tensor("float32", residual, [probe.batch, probe.sequence, d.hiddenSize]) }
      : { input_ids: inputIds!, attention_mask: mask! };
    return (await runOnce(modelPath, feeds)).outputs;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every tap of the FP32 model of the checkpoint in `rawDir` on `probe`, computed block by block in `scratchDir`. */
export async function referenceTaps(rawDir: string, scratchDir: string, probe: ProbeInput): Promise<Map<string, Float32Array>> {
  const config: unknown = JSON.parse(await readFile(path.join(rawDir, "config.json"), "utf8"));
  const checkpoint = await openCheckpoint(rawDir);
  try {
    const d = describeModel(config, [...checkpoint.tensors.values()]);
    const taps = new Map<string, Float32Array>();
    let residual: Float32Array | null = null;
    for (let layer = 0; layer < d.numLayers; layer++) {
      for (const [name, values] of await runBlock(checkpoint, d, layer, residual, probe, path.join(scratchDir, `block-${layer}`))) taps.set(name, values);
      residual = taps.get(tapName(layer, "RESIDUAL"))!;
    }
    return taps;
  } finally {
    await checkpoint.close();
  }
}
