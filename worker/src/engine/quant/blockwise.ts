/**
 * Blockwise asymmetric n-bit quantization of a [N, K] weight in onnxruntime's MatMulNBits layout
 * (ORT.md §1): each output row n is cut along K into blocks of `blockSize`; a block stores
 *   codes q ∈ [0, 2^bits − 1], one float32 scale s, one zero point z ∈ [0, 2^bits − 1],
 * and decodes as w ≈ (q − z) · s.
 *
 * Per block: lo = min(0, min w), hi = max(0, max w) — zero must be in range because the grid
 * (q − z)·s always contains 0 (q = z); s = fp32((hi − lo) / (2^bits − 1)); z = round(−lo / s);
 * q = clamp(round(w / s + z)) with round(x) = floor(x + 0.5), computed as (x + 0.5) | 0, which is
 * the same for the non-negative x that can occur. Hence |(q − z)·s − w| ≤ s/2 (+ float rounding).
 *
 * Convention for an all-zero block (or one whose range underflows fp32 to a zero scale): s = 1,
 * z = 0, every q = 0, so it decodes to exact zeros and no scale is ever 0 or NaN.
 * Padding: K is padded to whole blocks; padded codes equal z, so they decode to 0.
 * Non-finite weights cannot be quantized: CodedError BAD_USER_INPUT naming row and block.
 */
import { CodedError } from "../../../../contracts/src/errors.ts";
import type { BlockQuantized } from "../contracts.ts";

export type QuantBits = 2 | 4 | 8;
const SUPPORTED_BITS: readonly number[] = [2, 4, 8];
/** MatMulNBits requires a power-of-two block of at least 16 weights. */
const MIN_BLOCK_SIZE = 16;

/** Sizes derived from (n, k, bits, blockSize), shared by the encoder, the decoder and the pool. */
export interface BlockLayout {
  readonly bits: QuantBits;
  readonly blockSize: number;
  readonly n: number;
  readonly k: number;
  readonly blocksPerRow: number;
  readonly bytesPerBlock: number;
  readonly zeroPointBytesPerRow: number;
}

/** Validates the request (the "can quantize" check) and derives the layout. */
export function blockLayout(n: number, k: number, bits: number, blockSize: number): BlockLayout {
  const shape = `[${n}, ${k}] at ${bits} bits, block ${blockSize}`;
  if (!SUPPORTED_BITS.includes(bits)) throw new CodedError("INTERNAL", `cannot quantize ${shape}: bits must be 2, 4 or 8`);
  if (!Number.isInteger(blockSize) || blockSize < MIN_BLOCK_SIZE || (blockSize & (blockSize - 1)) !== 0) {
    throw new CodedError("INTERNAL", `cannot quantize ${shape}: block size must be a power of two ≥ ${MIN_BLOCK_SIZE}`);
  }
  if (!Number.isInteger(n) || !Number.isInteger(k) || n < 1 || k < 1) throw new CodedError("INTERNAL", `cannot quantize ${shape}: N and K must be positive integers`);
  const blocksPerRow = Math.ceil(k / blockSize);
  return {
    bits: bits as QuantBits,
    blockSize,
    n,
    k,
    blocksPerRow,
    bytesPerBlock: (blockSize * bits) / 8,
    zeroPointBytesPerRow: Math.ceil((blocksPerRow * bits) / 8),
  };
}

/** Output arrays for `rows` rows of a layout, zero-filled (the encoder ORs codes into them). */
export function allocateRows(layout: BlockLayout, rows: number): Pick<BlockQuantized, "packed" | "scales" | "zeroPoints"> {
  return {
    packed: new Uint8Array(rows * layout.blocksPerRow * layout.bytesPerBlock),
    scales: new Float32Array(rows * layout.blocksPerRow),
    zeroPoints: new Uint8Array(rows * layout.zeroPointBytesPerRow),
  };
}

export function quantizeBlockwise(weightNK: Float32Array, n: number, k: number, bits: QuantBits, blockSize: number): BlockQuantized {
  const layout = blockLayout(n, k, bits, blockSize);
  if (weightNK.length !== n * k) throw new CodedError("INTERNAL", `cannot quantize [${n}, ${k}]: weight has ${weightNK.length} elements`);
  const out = allocateRows(layout, n);
  quantizeRows(weightNK, 0, layout, out);
  return { bits, blockSize, n, k, ...out };
}

/**
 * Encodes the rows held in `rows` (row-major, layout.k per row) into `out`, which is sized for
 * exactly those rows. `firstRow` is the rows' index in the whole weight, for error messages only.
 * The hot loop has no Math calls and no allocation (ORT.md §5: ~3× faster than the plain form).
 */
export function quantizeRows(rows: Float32Array, firstRow: number, layout: BlockLayout, out: Pick<BlockQuantized, "packed" | "scales" | "zeroPoints">): void {
  const { k, bits, blockSize, blocksPerRow, zeroPointBytesPerRow } = layout;
  const { packed, scales, zeroPoints } = out;
  const rowCount = rows.length / k;
  const qmax = (1 << bits) - 1;
  const codesPerByte = 8 / bits;
  let packedAt = 0;
  let blockAt = 0;
  for (let r = 0; r < rowCount; r++) {
    const rowStart = r * k;
    for (let b = 0; b < blocksPerRow; b++, blockAt++) {
      const begin = rowStart + b * blockSize;
      const count = b === blocksPerRow - 1 ? k - b * blockSize : blockSize;
      const end = begin + count;

      // Range including zero; `v - v` is 0 for a finite v and NaN for NaN/±Inf, so `poison` flags those.
      let lo = 0;
      let hi = 0;
      let poison = 0;
      for (let i = begin; i < end; i++) {
        const v = rows[i];
        if (v < lo) lo = v;
        else if (v > hi) hi = v;
        poison += v - v;
      }
      if (poison !== 0) {
        throw new CodedError("BAD_USER_INPUT", `cannot quantize [${layout.n}, ${k}]: row ${firstRow + r}, block ${b} holds a NaN or infinite weight`);
      }

      let scale = Math.fround((hi - lo) / qmax);
      let zeroPoint = 0;
      let inverse = 0;
      if (scale === 0) {
        scale = 1; // all-zero block convention (see top)
      } else {
        inverse = 1 / scale;
        zeroPoint = (-lo * inverse + 0.5) | 0;
        if (zeroPoint > qmax) zeroPoint = qmax;
      }
      scales[blockAt] = scale;
      zeroPoints[r * zeroPointBytesPerRow + ((b * bits) >> 3)] |= zeroPoint << ((b * bits) & 7);

      const bias = zeroPoint + 0.5;
      for (let j = 0; j < blockSize; j += codesPerByte) {
        let byte = 0;
        for (let s = 0; s < codesPerByte; s++) {
          const at = j + s;
          let q = at < count ? (rows[begin + at] * inverse + bias) | 0 : zeroPoint;
          if (q > qmax) q = qmax;
          byte |= q << (s * bits);
        }
        packed[packedAt++] = byte;
      }
    }
  }
}

/** Decodes to [N, K] float32: w = (q − z) · s, exactly what MatMulNBits computes at accuracy_level 0. */
export function dequantizeBlockwise(q: BlockQuantized): Float32Array {
  const { n, k, bits, blockSize, blocksPerRow, bytesPerBlock, zeroPointBytesPerRow } = blockLayout(q.n, q.k, q.bits, q.blockSize);
  const mask = (1 << bits) - 1;
  const out = new Float32Array(n * k);
  for (let r = 0; r < n; r++) {
    for (let b = 0; b < blocksPerRow; b++) {
      const block = r * blocksPerRow + b;
      const scale = q.scales[block];
      const zeroPoint = (q.zeroPoints[r * zeroPointBytesPerRow + ((b * bits) >> 3)] >> ((b * bits) & 7)) & mask;
      const count = Math.min(blockSize, k - b * blockSize);
      for (let j = 0; j < count; j++) {
        const bitOffset = j * bits;
        const code = (q.packed[block * bytesPerBlock + (bitOffset >> 3)] >> (bitOffset & 7)) & mask;
        out[r * k + b * blockSize + j] = (code - zeroPoint) * scale;
      }
    }
  }
  return out;
}
