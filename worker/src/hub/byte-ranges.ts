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
 * Cuts the missing ranges into pieces of about `pieceBytes`, in file order, keeping range
 * boundaries; a remainder under half a piece joins the piece before it.
 */
export function splitIntoPieces(missing: readonly ByteRange[], pieceBytes: number): ByteRange[] {
  const pieces: ByteRange[] = [];
  for (const [start, end] of missing) {
    for (let at = start; at < end; ) {
      const next = end - (at + pieceBytes) < pieceBytes / 2 ? end : at + pieceBytes;
      pieces.push([at, next]);
      at = next;
    }
  }
  return pieces;
}

/** The first byte not covered from 0 on: everything before it is contiguous on disk. */
export function contiguousPrefix(done: Iterable<ByteRange>): number {
  const [first] = mergeRanges(done);
  return first !== undefined && first[0] === 0 ? first[1] : 0;
}
