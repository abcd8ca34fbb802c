/**
 * Per-token moments of a tap's activations: sum, sum of squares, max |a| and the count of
 * |a| < SPARSITY_THRESHOLD, for each token vector, in ONE pass over the elements.
 *
 * This touches every element of every tap, and on a 2-core machine its time is taken straight
 * from the two ORT threads, so it runs as WebAssembly SIMD (moments.wat), 4 lanes at a time:
 * 32 ms per batch of the SmolLM-135M shape's 90 taps (8 × 128 tokens, hidden 576), copies into
 * the module's memory included, against 117–137 ms for the best plain JavaScript loop.
 */
import { readFileSync } from "node:fs";

/** |a| below this counts as zero for `sparsity` (stated in statistics.json). */
export const SPARSITY_THRESHOLD = 1e-3;

/** Slots of each token's record in the `out` array of tokenMoments: 4 doubles per token. */
export const SUM = 0;
export const SQUARES = 1;
export const MAX_ABS = 2;
export const BELOW = 3;
export const SLOTS = 4;

interface MomentsKernel {
  readonly memory: WebAssembly.Memory;
  tokenMoments(src: number, hidden: number, count: number, out: number, below: number): void;
}

/** Input bytes per kernel call: small enough that the pass finds the copied values still in cache. */
const CHUNK_BYTES = 1 << 20;
const WASM_PAGE_BYTES = 64 << 10;

let kernel: MomentsKernel | null = null;

function momentsKernel(): MomentsKernel {
  kernel ??= new WebAssembly.Instance(new WebAssembly.Module(readFileSync(new URL("./moments.wasm", import.meta.url)))).exports as unknown as MomentsKernel;
  return kernel;
}

/**
 * The smallest float32 not below a positive `threshold`: for a float32 a, `a < this` in float32 is
 * exactly `a < threshold` in float64 (rounding to the nearest float32 may land below it).
 */
export function float32Ceiling(threshold: number): number {
  const bits = new Float32Array([threshold]);
  if (bits[0] < threshold) new Int32Array(bits.buffer)[0] += 1; // the next float32 up
  return bits[0];
}

const BELOW_BOUND = float32Ceiling(SPARSITY_THRESHOLD);

/**
 * Fills out[t * SLOTS + slot] for tokens [first, first + count) of `values` ([tokens, hidden]).
 * Sums are accumulated in float64 (every element widened before it is added or squared), as four
 * partial sums per token. A NaN element leaves max |a| alone and poisons the sums, so it shows.
 */
export function tokenMoments(values: Float32Array, hidden: number, first: number, count: number, out: Float64Array): void {
  const k = momentsKernel();
  const tokensPerCall = Math.max(1, Math.floor(CHUNK_BYTES / (hidden * 4)));
  const inputBytes = tokensPerCall * hidden * 4;
  const outputAt = Math.ceil(inputBytes / 16) * 16;
  const needed = outputAt + tokensPerCall * SLOTS * 8;
  if (k.memory.buffer.byteLength < needed) k.memory.grow(Math.ceil((needed - k.memory.buffer.byteLength) / WASM_PAGE_BYTES));
  // Views after any grow: growing detaches the old buffer.
  const input = new Float32Array(k.memory.buffer, 0, tokensPerCall * hidden);
  const output = new Float64Array(k.memory.buffer, outputAt, tokensPerCall * SLOTS);
  for (let done = 0; done < count; ) {
    const n = Math.min(tokensPerCall, count - done);
    const start = (first + done) * hidden;
    input.set(values.subarray(start, start + n * hidden));
    k.tokenMoments(0, hidden, n, outputAt, BELOW_BOUND);
    out.set(output.subarray(0, n * SLOTS), done * SLOTS);
    done += n;
  }
}
