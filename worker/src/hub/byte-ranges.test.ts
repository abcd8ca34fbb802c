import { describe, expect, it } from "vitest";
import { contiguousPrefix, coveredBytes, mergeRanges, missingRanges, splitIntoPieces, type ByteRange } from "./byte-ranges.ts";

describe("byte ranges", () => {
  it("merges overlapping and touching ranges, drops empty ones", () => {
    expect(mergeRanges([[10, 20], [0, 5], [5, 8], [15, 30], [40, 40]])).toEqual([[0, 8], [10, 30]]);
    expect(coveredBytes([[0, 5], [3, 10], [20, 25]])).toBe(15);
  });

  it("finds what is missing, including a tail and a head", () => {
    expect(missingRanges([[10, 20], [30, 40]], 50)).toEqual([[0, 10], [20, 30], [40, 50]]);
    expect(missingRanges([], 7)).toEqual([[0, 7]]);
    expect(missingRanges([[0, 7]], 7)).toEqual([]);
  });

  it("cuts missing ranges into pieces in order, folding a small remainder into the last piece", () => {
    const uniform = (pieceBytes: number) => ({ pieceBytes, parts: 1, minTailPieceBytes: pieceBytes });
    expect(splitIntoPieces([[0, 100]], uniform(25))).toEqual([[0, 25], [25, 50], [50, 75], [75, 100]]);
    expect(splitIntoPieces([[0, 110]], uniform(25))).toEqual([[0, 25], [25, 50], [50, 75], [75, 110]]);
    expect(splitIntoPieces([[0, 10], [50, 60]], uniform(100))).toEqual([[0, 10], [50, 60]]);
    const pieces = splitIntoPieces([[3, 1000], [2000, 2500]], uniform(64));
    expect(coveredBytes(pieces)).toBe(997 + 500);
    expect(pieces.every(([s, e], i) => e > s && (i === 0 || s >= pieces[i - 1][1]))).toBe(true);
  });

  it("shrinks the last pieces so that parallel parts finish together, down to the tail's floor", () => {
    const lengths = (pieces: ByteRange[]) => pieces.map(([start, end]) => end - start);
    // 4 parts, pieces of 64: full pieces while at least 4 × 64 remain, then a quarter of the rest.
    expect(lengths(splitIntoPieces([[0, 640]], { pieceBytes: 64, parts: 4, minTailPieceBytes: 16 }))).toEqual([64, 64, 64, 64, 64, 64, 64, 48, 36, 27, 21, 16, 16, 16, 12]);
    // A file of no more than `parts` pieces is cut evenly when the floor is not below its pieces.
    expect(lengths(splitIntoPieces([[0, 100]], { pieceBytes: 25, parts: 4, minTailPieceBytes: 32 }))).toEqual([25, 25, 25, 25]);
    const pieces = splitIntoPieces([[5, 300], [400, 1000]], { pieceBytes: 64, parts: 4, minTailPieceBytes: 8 });
    expect(coveredBytes(pieces)).toBe(295 + 600);
    expect(pieces.every(([s, e], i) => e > s && (i === 0 || s >= pieces[i - 1][1]))).toBe(true);
  });

  it("measures the contiguous prefix", () => {
    expect(contiguousPrefix([[0, 10], [10, 20], [30, 40]])).toBe(20);
    expect(contiguousPrefix([[5, 10]])).toBe(0);
    expect(contiguousPrefix([])).toBe(0);
  });
});
