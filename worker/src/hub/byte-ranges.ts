/** Half-open byte ranges [start, end) and the arithmetic a resumable download needs. Pure. */
export type ByteRange = readonly [start: number, end: number];

/** Sorted, with overlapping and touching ranges merged; empty ranges dropped. */
export function mergeRanges(ranges: Iterable<ByteRange>): ByteRange[] {
  const sorted = [...ranges].filter(([start, end]) => end > start).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

export function coveredBytes(ranges: Iterable<ByteRange>): number {
  return mergeRanges(ranges).reduce((sum, [start, end]) => sum + (end - start), 0);
}

/** What of [0, size) the merged `done` ranges do not cover. */
export function missingRanges(done: Iterable<ByteRange>, size: number): ByteRange[] {
  const missing: ByteRange[] = [];
  let cursor = 0;
  for (const [start, end] of mergeRanges(done)) {
    if (start >= size) break;
    if (start > cursor) missing.push([cursor, start]);
    cursor = Math.max(cursor, end);
  }
  if (cursor < size) missing.push([cursor, size]);
  return missing;
}

/**
 * Cuts the missing ranges into at most `parts` pieces of about equal size (never smaller than
 * `minPartBytes`, so small files are one request), keeping range boundaries.
 */
export function splitIntoParts(missing: readonly ByteRange[], parts: number, minPartBytes: number): ByteRange[] {
  const total = missing.reduce((sum, [start, end]) => sum + (end - start), 0);
  if (total === 0) return [];
  const target = Math.max(minPartBytes, Math.ceil(total / Math.max(1, parts)));
  const pieces: ByteRange[] = [];
  for (const [start, end] of missing) {
    for (let at = start; at < end; at += target) {
      // A remainder smaller than half a piece joins the previous piece instead of becoming its own request.
      const next = end - (at + target) < target / 2 ? end : at + target;
      pieces.push([at, next]);
      if (next === end) break;
    }
  }
  return pieces;
}
