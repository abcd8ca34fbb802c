/**
 * What each format costs for one checkpoint: bytes on disk after conversion and resident memory
 * when ORT's CPU execution provider runs it. Pure arithmetic over the tensor list with roles, so
 * the Hub plan can show it before anything is downloaded. Storage per role follows
 * contracts/src/formats.ts (the converter reads the same table).
 */
import { blockLinearBytes, FORMAT_SPECS, QUANTIZATION_FORMATS, type BlockQuantization, type FormatSpec } from "../../../../contracts/src/formats.ts";
import { CodedError } from "../../../../contracts/src/errors.ts";
import type { FormatEstimate, RoledTensor } from "../contracts.ts";

/**
 * Besides the weights, a variant holds model.onnx (nodes, names, external-data references),
 * graph.json and the data file's 64-byte alignment padding: a fixed part plus a share per stored
 * tensor. Measured (bench:convert): model.onnx 109 KB for GPT-2 small, 246 KB + graph.json 59 KB
 * for the 1.1B llama shape, whose Q4 variant totals 828,213,304 B against 828,280,232 estimated.
 * Tokenizer and config files copied beside the model are not included.
 */
const ONNX_FIXED_BYTES = 64 * 1024;
const ONNX_BYTES_PER_STORED_TENSOR = 600;
/**
 * Resident memory = weights as ORT's CPU EP holds them + RUNTIME_BASELINE_BYTES, the RSS of
 * Node 20 + tsx + onnxruntime-node with one small session run (116–119 MB measured here).
 * Checked with bench:convert, RSS after one probe forward vs this estimate: GPT-2 small Q8 344
 * vs 344 MB, Q4 285 vs 300, Q2 278 vs 278, FP16 684 vs 695, FP32 676 vs 772; 1.1B FP32 3828 vs
 * 4520. ORT maps external weights lazily, so a short probe leaves most of the embedding table
 * untouched (262 MB at 1.1B FP32), and MLAS's packed copies of dense MatMul weights replace the
 * mapped originals; the estimate is the steady state of a long extraction, within ~10–15%.
 * The validation pass measures the real figure and stores it next to this estimate.
 */
const RUNTIME_BASELINE_BYTES = 120e6;

const FLOAT_BYTES = { float32: 4, float16: 2 } as const;

interface Cost {
  readonly diskBytes: number;
  readonly runtimeBytes: number;
  readonly storedTensors: number;
}

const elements = (t: RoledTensor) => t.shape.reduce((product, dim) => product * dim, 1);

/** [N, K] of a linear weight: rows are outputs in nn.Linear's [out, in], columns in Conv1D's [in, out]. */
function outIn(t: RoledTensor): [number, number] {
  if (t.shape.length !== 2) throw new CodedError("INTERNAL", `tensor "${t.name}" has role ${t.role} but shape [${t.shape.join(", ")}], not a matrix`);
  const [a, b] = t.shape as [number, number];
  return t.layout === "in_out" ? [b, a] : [a, b];
}

/** A linear stored either block-quantized (packed; ORT keeps it packed) or dense at `bits`. */
function linearCost(n: number, k: number, block: BlockQuantization | undefined, bits: number, spec: FormatSpec): Cost {
  if (block) {
    const bytes = blockLinearBytes(n, k, block);
    return { diskBytes: bytes, runtimeBytes: bytes, storedTensors: 3 };
  }
  return { diskBytes: (n * k * bits) / 8, runtimeBytes: n * k * spec.runtimeDenseBytes, storedTensors: 1 };
}

const lmHeadBlock = (spec: FormatSpec): BlockQuantization | undefined =>
  spec.block && spec.lmHeadBits === 8 ? { bits: 8, blockSize: spec.block.blockSize, scaleBytesPerBlock: 4 + 1 } : undefined;

/** Stored at a float dtype and gathered, not multiplied: ORT keeps the table in that dtype (measured: an fp16 Gather table stays 2 B/element). */
function tableCost(count: number, dtype: keyof typeof FLOAT_BYTES): Cost {
  const bytes = count * FLOAT_BYTES[dtype];
  return { diskBytes: bytes, runtimeBytes: bytes, storedTensors: 1 };
}

const NOTHING: Cost = { diskBytes: 0, runtimeBytes: 0, storedTensors: 0 };

export function estimateFormats(tensors: readonly RoledTensor[], tiedEmbeddings: boolean): FormatEstimate[] {
  // Unused checkpoint tensors ("other", e.g. cached mask buffers) are neither written nor parameters.
  const parameters = tensors.reduce((sum, t) => sum + (t.role === "other" ? 0 : elements(t)), 0);
  if (parameters === 0) throw new CodedError("BAD_USER_INPUT", "cannot estimate sizes: the checkpoint lists no model weights");
  return QUANTIZATION_FORMATS.map((format) => estimateFormat(FORMAT_SPECS[format], tensors, tiedEmbeddings, parameters));
}

function estimateFormat(spec: FormatSpec, tensors: readonly RoledTensor[], tiedEmbeddings: boolean, parameters: number): FormatEstimate {
  const totals = { blockLinear: NOTHING, lmHead: NOTHING, embedding: NOTHING, other: NOTHING };
  const add = (key: keyof typeof totals, cost: Cost) => {
    const t = totals[key];
    totals[key] = {
      diskBytes: t.diskBytes + cost.diskBytes,
      runtimeBytes: t.runtimeBytes + cost.runtimeBytes,
      storedTensors: t.storedTensors + cost.storedTensors,
    };
  };
  const lmHead = (t: RoledTensor) => linearCost(...outIn(t), lmHeadBlock(spec), spec.lmHeadBits, spec);

  for (const t of tensors) {
    switch (t.role) {
      case "block_linear":
        add("blockLinear", linearCost(...outIn(t), spec.block, spec.weightBits, spec));
        break;
      case "lm_head":
        add("lmHead", lmHead(t));
        break;
      case "embedding":
        add("embedding", tableCost(elements(t), spec.embeddingDType));
        // A tied head is still written on its own, in the head's format ([vocab, hidden] like the table).
        if (tiedEmbeddings) add("lmHead", lmHead({ ...t, layout: "out_in" }));
        break;
      case "position_embedding":
      case "norm":
      case "bias":
        add("other", tableCost(elements(t), "float32"));
        break;
      case "other":
        break;
    }
  }

  const all = Object.values(totals);
  const sum = (pick: (c: Cost) => number) => all.reduce((s, c) => s + pick(c), 0);
  const weightDiskBytes = sum((c) => c.diskBytes);
  const storedTensors = sum((c) => c.storedTensors);
  const diskBytes = weightDiskBytes + ONNX_FIXED_BYTES + storedTensors * ONNX_BYTES_PER_STORED_TENSOR;
  const runtimeWeightBytes = sum((c) => c.runtimeBytes);
  const runtimeOverheadBytes = RUNTIME_BASELINE_BYTES;
  return {
    format: spec.format,
    diskBytes,
    memoryBytes: runtimeWeightBytes + runtimeOverheadBytes,
    bitsPerWeight: (weightDiskBytes * 8) / parameters,
    breakdown: {
      blockLinearBytes: totals.blockLinear.diskBytes,
      lmHeadBytes: totals.lmHead.diskBytes,
      embeddingBytes: totals.embedding.diskBytes,
      otherBytes: totals.other.diskBytes,
      runtimeWeightBytes,
      runtimeOverheadBytes,
    },
  };
}
