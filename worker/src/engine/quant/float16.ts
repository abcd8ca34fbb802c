/**
 * IEEE half precision and bfloat16 conversions over whole typed arrays (Node 20 has no
 * Float16Array, so fp16 data travels as the raw 16-bit patterns in a Uint16Array).
 *
 * Exactness: fp16 → fp32 and bf16 → fp32 are exact (every value is representable in fp32).
 * fp32 → fp16 rounds to nearest, ties to even (the IEEE default, as numpy's astype does),
 * overflows to ±Infinity, underflows through the subnormals to ±0, and keeps NaN a NaN.
 */

const F16_EXPONENT_BIAS = 15;
const F32_EXPONENT_BIAS = 127;

/** All 65536 fp16 patterns decoded once (256 KiB): decoding is then a single table load per element. */
let float16Table: Float32Array | undefined;

function decodeFloat16Bits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >>> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - F16_EXPONENT_BIAS);
}

function float16DecodeTable(): Float32Array {
  if (!float16Table) {
    float16Table = new Float32Array(0x10000);
    for (let h = 0; h < 0x10000; h++) float16Table[h] = decodeFloat16Bits(h);
  }
  return float16Table;
}

/**
 * `out` (default: a new array) receives the decode. It may share memory with `src` when `src`
 * starts at or after `out`'s midpoint (the "read into the upper half, decode in place" path of
 * the checkpoint reader): element i is written to bytes [4i, 4i+4), which never reach an element
 * not yet read.
 */
export function float16ToFloat32(src: Uint16Array, out: Float32Array = new Float32Array(src.length)): Float32Array {
  const table = float16DecodeTable();
  for (let i = 0; i < src.length; i++) out[i] = table[src[i]];
  return out;
}

/** bfloat16 is the upper half of a float32, so decoding is a 16-bit shift of the pattern. `out` as for float16ToFloat32. */
export function bfloat16ToFloat32(src: Uint16Array, out: Float32Array = new Float32Array(src.length)): Float32Array {
  const outBits = new Uint32Array(out.buffer, out.byteOffset, src.length);
  if (src.byteOffset % 4 === 0) {
    // Two patterns per 32-bit load: about 1.5× faster than one 16-bit load per element.
    const pairs = new Uint32Array(src.buffer, src.byteOffset, src.length >>> 1);
    for (let i = 0, j = 0; i < pairs.length; i++, j += 2) {
      const pair = pairs[i];
      outBits[j] = pair << 16;
      outBits[j + 1] = pair & 0xffff0000;
    }
    if (src.length % 2 === 1) outBits[src.length - 1] = src[src.length - 1] << 16;
  } else {
    for (let i = 0; i < src.length; i++) outBits[i] = src[i] << 16;
  }
  return out;
}

/** One float32 bit pattern → the nearest fp16 pattern (ties to even). */
function float32BitsToFloat16Bits(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const exponent32 = (bits >>> 23) & 0xff;
  const mantissa32 = bits & 0x7fffff;
  if (exponent32 === 0xff) return sign | 0x7c00 | (mantissa32 === 0 ? 0 : 0x200); // ±Inf, quiet NaN

  const exponent16 = exponent32 - F32_EXPONENT_BIAS + F16_EXPONENT_BIAS;
  if (exponent16 >= 0x1f) return sign | 0x7c00;

  if (exponent16 <= 0) {
    // Subnormal result: value = significand24 · 2^(exponent16 − 24); below 2^-25 it rounds to zero.
    if (exponent16 < -10) return sign;
    const significand = mantissa32 | 0x800000;
    const shift = 14 - exponent16;
    const halfway = 1 << (shift - 1);
    const remainder = significand & ((1 << shift) - 1);
    let half = significand >>> shift;
    if (remainder > halfway || (remainder === halfway && (half & 1) === 1)) half++; // may become the smallest normal: still the right pattern
    return sign | half;
  }

  let half = (exponent16 << 10) | (mantissa32 >>> 13);
  const remainder = mantissa32 & 0x1fff;
  if (remainder > 0x1000 || (remainder === 0x1000 && (half & 1) === 1)) half++; // a carry into the exponent is the correct rounding (up to Inf)
  return sign | half;
}

/**
 * `out` (default: a new array) may be a view of `src`'s own memory starting at the same byte: the
 * pattern of element i lands in bytes [2i, 2i+2), behind the element being read, so a converter
 * can encode in place instead of allocating.
 */
export function float32ToFloat16(src: Float32Array, out: Uint16Array = new Uint16Array(src.length)): Uint16Array {
  const srcBits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  for (let i = 0; i < src.length; i++) out[i] = float32BitsToFloat16Bits(srcBits[i]);
  return out;
}
