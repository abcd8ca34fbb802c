/**
 * Running statistics of one tap (layer × hook) over REAL tokens only: padding positions are
 * skipped using the attention mask, so a dataset of short texts padded to 128 does not report
 * the activations of pad tokens. The state is plain JSON, saved with each completed batch, so a
 * resumed run ends with exactly the numbers of an uninterrupted one.
 */

import { BELOW, MAX_ABS, SLOTS, SQUARES, SUM, tokenMoments } from "./moments.ts";

export { SPARSITY_THRESHOLD } from "./moments.ts";

export interface TopActivation {
  /** Index of the sample in the extraction (row of the .npy files). */
  readonly sample: number;
  /** Token position in the sequence (column of input_ids.npy). */
  readonly position: number;
  /** L2 norm of the activation vector at that token. */
  readonly norm: number;
}

export interface TapStatisticsState {
  tokens: number;
  sum: number;
  sumSquares: number;
  maxAbs: number;
  belowThreshold: number;
  normSum: number;
  /** A min-heap by (norm, then later sample/position first), at most `topK` long. */
  heap: TopActivation[];
}

export interface TapStatisticsSummary {
  /** Real tokens counted. */
  readonly tokens: number;
  /** Mean over every element of every real token's vector. */
  readonly mean: number;
  readonly std: number;
  /** Largest |a| over real tokens. */
  readonly maxAbs: number;
  /** Fraction of elements with |a| < sparsityThreshold. */
  readonly sparsity: number;
  readonly meanNorm: number;
  /** Highest L2 norms first. */
  readonly topK: TopActivation[];
}

/** Ordering for the bounded heap: lower norm is "smaller"; at equal norms the later token is, so earlier tokens win ties. */
function less(a: TopActivation, b: TopActivation): boolean {
  if (a.norm !== b.norm) return a.norm < b.norm;
  if (a.sample !== b.sample) return a.sample > b.sample;
  return a.position > b.position;
}

export class TapStatistics {
  private readonly state: TapStatisticsState;
  /** Per-token moments of one row (SLOTS doubles per position), reused across batches. */
  private moments = new Float64Array(0);

  constructor(
    readonly hidden: number,
    readonly topK: number,
    state?: TapStatisticsState,
  ) {
    this.state = state ? structuredClone(state) : { tokens: 0, sum: 0, sumSquares: 0, maxAbs: 0, belowThreshold: 0, normSum: 0, heap: [] };
  }

  /**
   * Adds a batch: `values` is [rows, seq, hidden] (row-major), `mask` [rows, seq]; row r is
   * sample `firstSample + r`.
   */
  add(values: Float32Array, mask: BigInt64Array, rows: number, seq: number, firstSample: number): void {
    const s = this.state;
    if (this.moments.length < seq * SLOTS) this.moments = new Float64Array(seq * SLOTS);
    const m = this.moments;
    for (let r = 0; r < rows; r++) {
      // Moments of the span from the first to the last real token only: padding at either end
      // costs nothing; a masked position inside the span is skipped below.
      let from = 0;
      let to = seq;
      while (from < to && mask[r * seq + from] === 0n) from++;
      while (to > from && mask[r * seq + to - 1] === 0n) to--;
      if (from === to) continue;
      tokenMoments(values, this.hidden, r * seq + from, to - from, m);
      for (let p = from; p < to; p++) {
        if (mask[r * seq + p] === 0n) continue;
        const o = (p - from) * SLOTS;
        s.tokens++;
        s.sum += m[o + SUM];
        s.sumSquares += m[o + SQUARES];
        if (m[o + MAX_ABS] > s.maxAbs) s.maxAbs = m[o + MAX_ABS];
        s.belowThreshold += m[o + BELOW];
        const norm = Math.sqrt(m[o + SQUARES]);
        s.normSum += norm;
        this.offer(firstSample + r, p, norm);
      }
    }
  }

  private offer(sample: number, position: number, norm: number): void {
    const heap = this.state.heap;
    if (this.topK === 0) return;
    if (heap.length < this.topK) {
      heap.push({ sample, position, norm });
      this.siftUp(heap.length - 1);
    } else if (heap[0].norm <= norm) {
      // Cheap pre-test so the common case (a token below the k-th norm) allocates nothing.
      const item = { sample, position, norm };
      if (!less(heap[0], item)) return;
      heap[0] = item;
      this.siftDown(0);
    }
  }

  private siftUp(i: number): void {
    const heap = this.state.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i], heap[parent])) return;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const heap = this.state.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l], heap[m])) m = l;
      if (r < heap.length && less(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }

  /** A copy of the state, for the resume file. */
  snapshot(): TapStatisticsState {
    return structuredClone(this.state);
  }

  summary(): TapStatisticsSummary {
    const s = this.state;
    const n = s.tokens * this.hidden;
    const mean = n ? s.sum / n : 0;
    return {
      tokens: s.tokens,
      mean,
      std: n ? Math.sqrt(Math.max(0, s.sumSquares / n - mean * mean)) : 0,
      maxAbs: s.maxAbs,
      sparsity: n ? s.belowThreshold / n : 0,
      meanNorm: s.tokens ? s.normSum / s.tokens : 0,
      topK: [...s.heap].sort((a, b) => (less(a, b) ? 1 : less(b, a) ? -1 : 0)),
    };
  }
}
