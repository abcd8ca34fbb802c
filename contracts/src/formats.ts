/**
 * The one table of quantization formats. Everything that reasons about a format (the converter,
 * the Hub plan's size estimate, the API enum) reads it from here, so a "Q2" can never quietly
 * become 4-bit somewhere else.
 *
 * Policy (the "stated policy" for the tensors that are not block linears):
 * - Linear layers inside the transformer blocks are the only tensors that are block-quantized
 *   (ORT com.microsoft MatMulNBits, asymmetric min/max per block, float32 scale + packed uint8
 *   zero point per block, accuracy_level 0 so the kernel equals dequantize-then-matmul).
 * - Token embeddings are stored FP16 in every format but FP32 (Gather + Cast), position
 *   embeddings, norms and biases stay FP32 (tiny, and they set the scale of every activation).
 * - The LM head is only used by validation and logits, never by an extraction graph; in the
 *   quantized formats it is stored at 8 bits so logits stay trustworthy whatever the format.
 * - FP16 stores every weight as float16; ORT's CPU execution provider up-casts them to float32 at
 *   session creation, so its runtime weight memory is the FP32 figure (a CUDA EP would keep 2 B).
 */
export const QUANTIZATION_FORMATS = ["FP32", "FP16", "Q8", "Q4", "Q2"] as const;
export type QuantizationFormat = (typeof QUANTIZATION_FORMATS)[number];

export interface BlockQuantization {
  readonly bits: 2 | 4 | 8;
  /** Weights per block along the input (K) dimension. */
  readonly blockSize: number;
  /** Bytes of metadata per block: float32 scale + this block's share of the packed zero points. */
  readonly scaleBytesPerBlock: number;
}

export interface FormatSpec {
  readonly format: QuantizationFormat;
  /** Bits of a stored block-linear weight element, before scales. */
  readonly weightBits: number;
  /** Present for the block-quantized formats. */
  readonly block?: BlockQuantization;
  /** Storage of the token embedding table. */
  readonly embeddingDType: "float32" | "float16";
  /** Bits of the LM head (block-quantized at that width when < 16). */
  readonly lmHeadBits: 32 | 16 | 8;
  /** Bytes per weight that ORT's CPU EP holds at run time for dense (non-block) weights. */
  readonly runtimeDenseBytes: number;
  /** Ordered fallback when this format fails to build or load. */
  readonly fallback?: QuantizationFormat;
}

const BLOCK = 32;
const block = (bits: 2 | 4 | 8): BlockQuantization => ({
  bits,
  blockSize: BLOCK,
  // float32 scale (4 B) + bits/8 bytes of zero point per block (packed like the weights)
  scaleBytesPerBlock: 4 + bits / 8,
});

export const FORMAT_SPECS: Readonly<Record<QuantizationFormat, FormatSpec>> = {
  FP32: { format: "FP32", weightBits: 32, embeddingDType: "float32", lmHeadBits: 32, runtimeDenseBytes: 4 },
  FP16: { format: "FP16", weightBits: 16, embeddingDType: "float16", lmHeadBits: 16, runtimeDenseBytes: 4, fallback: "FP32" },
  Q8: { format: "Q8", weightBits: 8, block: block(8), embeddingDType: "float16", lmHeadBits: 8, runtimeDenseBytes: 4, fallback: "FP16" },
  Q4: { format: "Q4", weightBits: 4, block: block(4), embeddingDType: "float16", lmHeadBits: 8, runtimeDenseBytes: 4, fallback: "Q8" },
  Q2: { format: "Q2", weightBits: 2, block: block(2), embeddingDType: "float16", lmHeadBits: 8, runtimeDenseBytes: 4, fallback: "Q4" },
};

/** Bytes one block-quantized [N, K] matrix takes on disk (packed codes + scales + zero points). */
export function blockLinearBytes(n: number, k: number, q: BlockQuantization): number {
  const blocksPerColumn = Math.ceil(k / q.blockSize);
  const codeBytes = n * blocksPerColumn * ((q.blockSize * q.bits) / 8);
  const scaleBytes = n * blocksPerColumn * 4;
  const zeroPointBytes = n * Math.ceil((blocksPerColumn * q.bits) / 8);
  return codeBytes + scaleBytes + zeroPointBytes;
}

/** Parses a user-supplied format name, case-insensitively ("q4" → "Q4"); undefined if unknown. */
export function parseQuantizationFormat(input: string): QuantizationFormat | undefined {
  const upper = input.trim().toUpperCase();
  return (QUANTIZATION_FORMATS as readonly string[]).includes(upper) ? (upper as QuantizationFormat) : undefined;
}
