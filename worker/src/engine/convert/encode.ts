/**
 * The format policy of contracts/src/formats.ts applied to one weight: which storage each role
 * gets in each format, and the bytes to append. Block linears (and, in the Q formats, the LM head
 * at 8 bits) become MatMulNBits blocks; everything else is stored dense in its assembled layout
 * (linears [N, K], which the graph reads with FusedMatMul transB; graph/weights.ts); token
 * embeddings follow the format's embedding dtype; norms, biases and position embeddings stay FP32.
 */
import { CodedError, type FormatSpec } from "../../../../contracts/src/index.ts";
import type { CanonicalWeight } from "../architectures/descriptor.ts";
import type { BlockQuantized, QuantPool } from "../contracts.ts";
import { float32ToFloat16 } from "../quant/float16.ts";

export type Storage = { readonly kind: "float32" | "float16" } | { readonly kind: "nbits"; readonly bits: 2 | 4 | 8; readonly blockSize: number };

/** How `weight` is stored in `spec`'s format. */
export function storageFor(weight: CanonicalWeight, spec: FormatSpec): Storage {
  const dense = (bits: number) => ({ kind: bits === 16 ? ("float16" as const) : ("float32" as const) });
  switch (weight.role) {
    case "block_linear":
      return spec.block ? { kind: "nbits", bits: spec.block.bits, blockSize: spec.block.blockSize } : dense(spec.weightBits);
    case "lm_head":
      return spec.lmHeadBits === 8 && spec.block ? { kind: "nbits", bits: 8, blockSize: spec.block.blockSize } : dense(spec.lmHeadBits);
    case "embedding":
      return { kind: spec.embeddingDType };
    default:
      return { kind: "float32" };
  }
}

export type EncodedWeight =
  | { readonly kind: "float32" | "float16"; readonly dims: readonly number[]; readonly bytes: Uint8Array }
  | { readonly kind: "nbits"; readonly quantized: BlockQuantized };

const bytesOf = (array: Float32Array | Uint16Array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

/** Encodes assembled float32 values (see assemble.ts) into the storage `storageFor` chose. */
export async function encodeWeight(weight: CanonicalWeight, values: Float32Array, storage: Storage, pool: Pick<QuantPool, "quantize"> | undefined): Promise<EncodedWeight> {
  if (storage.kind === "nbits") {
    if (!pool) throw new CodedError("INTERNAL", `${weight.key} is block-quantized in this format, but no quantization pool was given`);
    const [n, k] = weight.shape as [number, number];
    return { kind: "nbits", quantized: await pool.quantize(values, n, k, storage.bits, storage.blockSize) };
  }
  // float16 is encoded in place over the first half of `values` (the caller's buffer, dead after this).
  const halves = () => float32ToFloat16(values, new Uint16Array(values.buffer, values.byteOffset, values.length));
  return { kind: storage.kind, dims: weight.shape, bytes: bytesOf(storage.kind === "float16" ? halves() : values) };
}
