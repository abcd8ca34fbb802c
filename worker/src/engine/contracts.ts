/**
 * Boundaries inside the engine, fixed before the pieces were written side by side. Each piece
 * implements its side in its own folder; nothing else in the engine is shared implicitly.
 *
 *   safetensors/  openCheckpoint ............ reads HF checkpoints (single or sharded), tensor by tensor
 *   quant/        kernels ................... pure typed-array encoders (blockwise n-bit, fp16, transpose)
 *   architectures/ describe ................. config.json + tensor names → ModelDescription
 *   graph/        tap graphs ................ ModelDescription → ONNX graph with TransformerLens taps
 *   convert/      convertCheckpoint ......... raw checkpoint → models/quantized/{id}_{format}/
 *   estimate/     estimateFormats ........... tensor list with roles → disk/memory per format
 */
import type { HookType, QuantizationFormat } from "../../../contracts/src/index.ts";

// ---------------------------------------------------------------- checkpoint (safetensors/)

export type SourceDType = "F32" | "F16" | "BF16";

export interface TensorInfo {
  readonly name: string;
  readonly dtype: SourceDType;
  readonly shape: readonly number[];
  /** Shard file (basename) holding it. */
  readonly file: string;
  readonly byteLength: number;
}

export interface Checkpoint {
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  /** Decodes one tensor to float32, in the order stored (row-major). Reads only that tensor's bytes. */
  readFloat32(name: string): Promise<Float32Array>;
  close(): Promise<void>;
}
// export function openCheckpoint(dir: string): Promise<Checkpoint>
//   CodedError("BAD_USER_INPUT" | "INTEGRITY") on a truncated file, a malformed header, an
//   unsupported dtype (message names tensor and dtype).

// ---------------------------------------------------------------- roles (architectures/ → estimate/, convert/)

/**
 * What a checkpoint tensor is, which decides how each format stores it (contracts/src/formats.ts).
 * `block_linear`: a 2-D projection inside a transformer block.
 */
export type WeightRole = "block_linear" | "lm_head" | "embedding" | "position_embedding" | "norm" | "bias" | "other";

export interface RoledTensor extends TensorInfo {
  readonly role: WeightRole;
  /** For linears: [out, in] as `nn.Linear` stores it, or [in, out] as GPT-2's Conv1D does. */
  readonly layout?: "out_in" | "in_out";
}

// ---------------------------------------------------------------- estimate/

export interface FormatEstimate {
  readonly format: QuantizationFormat;
  readonly diskBytes: number;
  /** Weights as ORT's CPU EP holds them + runtime overhead. */
  readonly memoryBytes: number;
  /** Achieved bits per weight over every parameter of the model, scales included. */
  readonly bitsPerWeight: number;
  readonly breakdown: {
    readonly blockLinearBytes: number;
    readonly lmHeadBytes: number;
    readonly embeddingBytes: number;
    readonly otherBytes: number;
    readonly runtimeWeightBytes: number;
    readonly runtimeOverheadBytes: number;
  };
}
// export function estimateFormats(tensors: readonly RoledTensor[], tiedEmbeddings: boolean): FormatEstimate[]

// ---------------------------------------------------------------- graph/ (used by extraction)

export interface TapGraphRequest {
  /** Taps to expose; the graph stops after the deepest requested layer (no later blocks). */
  readonly taps: ReadonlyArray<{ readonly layer: number; readonly hook: HookType }>;
  /** Also compute the final norm and LM head and output `logits`. */
  readonly includeLogits: boolean;
  /** float16 inserts Cast nodes on the tap outputs (ORT.md: faster than converting in JS). */
  readonly outputDType: "float32" | "float16";
}
/**
 * Graph I/O (every tap graph): inputs `input_ids` int64 [B,S], `attention_mask` int64 [B,S]
 * (1 = real token; padding on either side); position ids are computed inside the graph as
 * cumsum(mask) - 1 with padded positions set to 1 (HuggingFace generate's convention).
 * Outputs: `blocks.{L}.hook_*` [B,S,hidden] for each requested tap, `logits` [B,S,vocab] if asked.
 */
// export function ensureTapGraph(variantDir: string, request: TapGraphRequest): Promise<string /* .onnx path */>

// ---------------------------------------------------------------- architectures/ (normalized config)

/** config.json of any supported family, normalised once to canonical fields (a table of aliases, not a switch). */
export interface NormalizedConfig {
  readonly modelType: string;
  readonly architectures: readonly string[];
  readonly numLayers: number;
  readonly hiddenSize: number;
  readonly numHeads: number;
  readonly numKvHeads: number;
  readonly headDim: number;
  readonly intermediateSize: number;
  readonly vocabSize: number;
  readonly maxPositions: number;
  readonly activation: string;
  readonly normEpsilon: number;
  /** null when the family has no rotary embedding (gpt2). */
  readonly ropeTheta: number | null;
  /** Dimensions of each head that are rotated (partial rotary: < headDim); null without rotary. */
  readonly rotaryDim: number | null;
  readonly tiedEmbeddings: boolean;
  /** Sliding-window attention size when the config enables it, else null. */
  readonly slidingWindow: number | null;
  readonly raw: Readonly<Record<string, unknown>>;
}

// ---------------------------------------------------------------- quant/ kernels (pure typed arrays)

/** A [N, K] weight (N outputs, each row contiguous along K) in MatMulNBits layout (ORT.md §1). */
export interface BlockQuantized {
  readonly bits: 2 | 4 | 8;
  readonly blockSize: number;
  readonly n: number;
  readonly k: number;
  /** uint8 [N, ceil(K/blockSize), blockSize*bits/8]; earlier element in the lower bits; K padded to whole blocks. */
  readonly packed: Uint8Array;
  /** float32 [N * ceil(K/blockSize)]. */
  readonly scales: Float32Array;
  /** uint8 [N * ceil(ceil(K/blockSize)*bits/8)], lower bits first. */
  readonly zeroPoints: Uint8Array;
}
// quant/blockwise.ts:  quantizeBlockwise(weightNK: Float32Array, n: number, k: number, bits: 2|4|8, blockSize: number): BlockQuantized
//                      dequantizeBlockwise(q: BlockQuantized): Float32Array   // [N, K]
// quant/float16.ts:    float32ToFloat16(src: Float32Array): Uint16Array; float16ToFloat32(src: Uint16Array): Float32Array;
//                      bfloat16ToFloat32(src: Uint16Array): Float32Array
// quant/transpose.ts:  transpose(src: Float32Array, rows: number, cols: number): Float32Array
// quant/pool.ts:       createQuantPool(threads?: number): QuantPool  (worker_threads; both cores)
export interface QuantPool {
  quantize(weightNK: Float32Array, n: number, k: number, bits: 2 | 4 | 8, blockSize: number): Promise<BlockQuantized>;
  close(): Promise<void>;
}
