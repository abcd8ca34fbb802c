/**
 * Streams a checkpoint into a variant folder: weight by weight read → assemble → encode →
 * append to the one external data file → release; then the graph manifest and model.onnx (the
 * full graph: every tap of every layer, and logits). The fidelity reference writes one block's
 * weights at a time with the same writeWeights.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { FORMAT_SPECS, HOOK_TYPES, type QuantizationFormat } from "../../../../contracts/src/index.ts";
import type { CanonicalWeight, ModelDescription } from "../architectures/descriptor.ts";
import type { QuantPool } from "../contracts.ts";
import { buildDecoderModel } from "../graph/decoder.ts";
import { DATA_FILE, MANIFEST_FILE, MODEL_FILE, makeManifest } from "../graph/manifest.ts";
import type { StoredWeight } from "../graph/weights.ts";
import { encodeModel } from "../onnx/model.ts";
import type { ReusableCheckpoint } from "../safetensors/index.ts";
import { assembleWeightInto } from "./assemble.ts";
import { ExternalDataWriter } from "./data-file.ts";
import { encodeWeight, storageFor, type EncodedWeight } from "./encode.ts";
import { mapOrdered } from "./ordered.ts";
import { ScratchBuffers } from "./scratch.ts";

export interface WeightProgress {
  readonly tensorsDone: number;
  readonly tensorsTotal: number;
  /** float32 bytes of the weights processed so far / in all. */
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly currentTensor: string;
}

export interface WrittenVariant {
  readonly weights: readonly StoredWeight[];
  /** Canonical weights stored dense (not block-quantized). */
  readonly unquantized: readonly string[];
  /** Bytes of weight data (alignment padding excluded). */
  readonly payloadBytes: number;
}

const elementCount = (w: CanonicalWeight) => w.shape.reduce((a, b) => a * b, 1);

async function appendEncoded(data: ExternalDataWriter, key: string, encoded: EncodedWeight): Promise<StoredWeight> {
  if (encoded.kind !== "nbits") return { key, storage: encoded.kind, dims: encoded.dims, data: await data.append(encoded.bytes) };
  const q = encoded.quantized;
  return {
    key,
    storage: "nbits",
    bits: q.bits,
    blockSize: q.blockSize,
    n: q.n,
    k: q.k,
    packed: await data.append(q.packed),
    scales: await data.append(new Uint8Array(q.scales.buffer, q.scales.byteOffset, q.scales.byteLength)),
    zeroPoints: await data.append(q.zeroPoints),
  };
}

export interface WeightWriteOptions {
  readonly checkpoint: ReusableCheckpoint;
  readonly format: QuantizationFormat;
  /** Needed when the format block-quantizes any of the weights. */
  readonly pool?: Pick<QuantPool, "quantize">;
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: WeightProgress) => void;
}

/**
 * Streams `weights` from the checkpoint into a new external data file `dataPath`, in order:
 * read → assemble → encode → append → release, with `concurrency` weights in flight.
 */
export async function writeWeights(weights: readonly CanonicalWeight[], dataPath: string, options: WeightWriteOptions): Promise<WrittenVariant> {
  const { checkpoint, pool, signal } = options;
  const spec = FORMAT_SPECS[options.format];
  const bytesTotal = weights.reduce((n, w) => n + elementCount(w) * 4, 0);
  const data = await ExternalDataWriter.create(dataPath);
  const stored: StoredWeight[] = [];
  const unquantized: string[] = [];
  // Each weight in flight holds its buffer until appended (dense encodings may be views of it).
  const buffers = new ScratchBuffers(2 * options.concurrency);
  let bytesDone = 0;
  try {
    await mapOrdered(
      weights,
      options.concurrency,
      async (weight) => {
        signal?.throwIfAborted();
        const values = buffers.take(elementCount(weight));
        await assembleWeightInto(checkpoint, weight, values, buffers);
        return { values, encoded: await encodeWeight(weight, values, storageFor(weight, spec), pool) };
      },
      async ({ values, encoded }, weight, index) => {
        signal?.throwIfAborted();
        stored.push(await appendEncoded(data, weight.key, encoded));
        buffers.give(values);
        if (encoded.kind !== "nbits") unquantized.push(weight.key);
        bytesDone += elementCount(weight) * 4;
        options.onProgress?.({ tensorsDone: index + 1, tensorsTotal: weights.length, bytesDone, bytesTotal, currentTensor: weight.key });
      },
    );
  } finally {
    await data.close();
  }
  return { weights: stored, unquantized, payloadBytes: data.payloadBytes };
}

/** A whole variant in `dir`: every weight, the graph manifest and model.onnx. */
export async function writeVariant(options: WeightWriteOptions & { readonly description: ModelDescription; readonly dir: string }): Promise<WrittenVariant> {
  const { description, format, dir } = options;
  const written = await writeWeights(description.weights, path.join(dir, DATA_FILE), options);
  const manifest = makeManifest(format, description, written.weights);
  await writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest));
  const fullRequest = {
    taps: Array.from({ length: description.numLayers }, (_, layer) => HOOK_TYPES.map((hook) => ({ layer, hook }))).flat(),
    includeLogits: true,
    outputDType: "float32" as const,
  };
  await writeFile(path.join(dir, MODEL_FILE), encodeModel(buildDecoderModel(description, manifest, fullRequest)));
  return written;
}
