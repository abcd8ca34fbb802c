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

export interface PieceSizes {
  /** Pieces are this size while plenty remains. */
  readonly pieceBytes: number;
  /** How many pieces are fetched at once. */
  readonly parts: number;
  /** The tail's pieces shrink down to this size, not below (nor above pieceBytes). */
  readonly minTailPieceBytes: number;
}

/**
 * Cuts the missing ranges into pieces in file order, keeping range boundaries: `pieceBytes` each
 * while at least `parts` pieces' worth remains; after that each piece is 1/parts of what is left
 * (not under `minTailPieceBytes`), so the parallel parts finish close together and little is left
 * ahead of the contiguous prefix when the last byte arrives. A remainder under half a piece joins
 * the piece before it.
 */
export function splitIntoPieces(missing: readonly ByteRange[], sizes: PieceSizes): ByteRange[] {
  const { pieceBytes, parts, minTailPieceBytes } = sizes;
  const floor = Math.min(pieceBytes, minTailPieceBytes);
  let remaining = missing.reduce((sum, [start, end]) => sum + (end - start), 0);
  const pieces: ByteRange[] = [];
  for (const [start, end] of missing) {
    for (let at = start; at < end; ) {
      const size = Math.min(pieceBytes, Math.max(floor, Math.ceil(remaining / parts)));
      const next = end - (at + size) < size / 2 ? end : at + size;
      pieces.push([at, next]);
      remaining -= next - at;
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
