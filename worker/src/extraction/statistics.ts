/**
 * Running statistics of one tap (layer × hook) over REAL tokens only: padding positions are
 * skipped using the attention mask, so a dataset of short texts padded to 128 does not report
 * the activations of pad tokens. The state is plain JSON, saved with each completed batch, so a
 * resumed run ends with exactly the numbers of an uninterrupted one.
 */

/** |a| below this counts as zero for `sparsity` (stated in statistics.json). */
export const SPARSITY_THRESHOLD = 1e-3;

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
    const h = this.hidden;
    const s = this.state;
    for (let r = 0; r < rows; r++) {
      for (let p = 0; p < seq; p++) {
        if (mask[r * seq + p] === 0n) continue;
        const base = (r * seq + p) * h;
        let sum = 0;
        let squares = 0;
        let maxAbs = s.maxAbs;
        let below = 0;
        for (let i = 0; i < h; i++) {
          const v = values[base + i];
          const a = Math.abs(v);
          sum += v;
          squares += v * v;
          if (a > maxAbs) maxAbs = a;
          if (a < SPARSITY_THRESHOLD) below++;
        }
        s.tokens++;
        s.sum += sum;
        s.sumSquares += squares;
        s.maxAbs = maxAbs;
        s.belowThreshold += below;
        const norm = Math.sqrt(squares);
        s.normSum += norm;
        this.offer({ sample: firstSample + r, position: p, norm });
      }
    }
  }

  private offer(item: TopActivation): void {
    const heap = this.state.heap;
    if (this.topK === 0) return;
    if (heap.length < this.topK) {
      heap.push(item);
      this.siftUp(heap.length - 1);
    } else if (less(heap[0], item)) {
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
