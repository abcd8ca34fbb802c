/** quantization_config.json: what a variant is, in the words a researcher choosing a format needs. */
import { FORMAT_SPECS, type QuantizationFormat } from "../../../../contracts/src/index.ts";

export const QUANTIZATION_CONFIG_FILE = "quantization_config.json";

export interface QuantizationConfig {
  readonly format: QuantizationFormat;
  readonly requestedFormat: QuantizationFormat;
  readonly fallbackReason: string | null;
  /** Bits of a block-linear weight (32 / 16 for the dense formats). */
  readonly bits: number;
  readonly blockSize: number | null;
  readonly scheme: string;
  readonly lmHeadBits: number;
  readonly embeddingDType: string;
  readonly parameterCount: number;
  /** Stored weight bytes × 8 / stored weights (scales and zero points included; a tied LM head counts as its own weights). */
  readonly achievedBitsPerWeight: number;
  readonly unquantizedTensors: readonly string[];
  readonly sizeOnDiskBytes: number;
  /** Weight bytes of the FP32 variant / this variant's weight bytes. */
  readonly compressionRatio: number;
  readonly sourceRevision: string | null;
  readonly sourceFileSha256: Readonly<Record<string, string>>;
  readonly createdAt: string;
}

export function makeQuantizationConfig(input: {
  format: QuantizationFormat;
  requestedFormat: QuantizationFormat;
  fallbackReason: string | null;
  parameterCount: number;
  /** Elements of every stored weight (what the FP32 variant holds at 4 bytes each). */
  storedElements: number;
  weightBytes: number;
  unquantized: readonly string[];
  sizeOnDiskBytes: number;
  revision: string | null;
  sourceFileSha256: Readonly<Record<string, string>>;
}): QuantizationConfig {
  const spec = FORMAT_SPECS[input.format];
  return {
    format: input.format,
    requestedFormat: input.requestedFormat,
    fallbackReason: input.fallbackReason,
    bits: spec.weightBits,
    blockSize: spec.block?.blockSize ?? null,
    scheme: spec.block
      ? `MatMulNBits ${spec.block.bits}-bit, blockwise along K (block ${spec.block.blockSize}), asymmetric min/max with float32 scale and packed zero point, accuracy_level 0`
      : `dense ${spec.weightBits === 16 ? "float16 (cast to float32 by ORT's CPU provider at load)" : "float32"}`,
    lmHeadBits: spec.lmHeadBits,
    embeddingDType: spec.embeddingDType,
    parameterCount: input.parameterCount,
    achievedBitsPerWeight: (input.weightBytes * 8) / input.storedElements,
    unquantizedTensors: input.unquantized,
    sizeOnDiskBytes: input.sizeOnDiskBytes,
    compressionRatio: (input.storedElements * 4) / input.weightBytes,
    sourceRevision: input.revision,
    sourceFileSha256: input.sourceFileSha256,
    createdAt: new Date().toISOString(),
  };
}
