import { describe, expect, it } from "vitest";
import { contiguousPrefix, coveredBytes, mergeRanges, missingRanges, splitIntoPieces } from "./byte-ranges.ts";

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
    expect(splitIntoPieces([[0, 100]], 25)).toEqual([[0, 25], [25, 50], [50, 75], [75, 100]]);
    expect(splitIntoPieces([[0, 110]], 25)).toEqual([[0, 25], [25, 50], [50, 75], [75, 110]]);
    expect(splitIntoPieces([[0, 10], [50, 60]], 100)).toEqual([[0, 10], [50, 60]]);
    const pieces = splitIntoPieces([[3, 1000], [2000, 2500]], 64);
    expect(coveredBytes(pieces)).toBe(997 + 500);
    expect(pieces.every(([s, e], i) => e > s && (i === 0 || s >= pieces[i - 1][1]))).toBe(true);
  });

  it("measures the contiguous prefix", () => {
    expect(contiguousPrefix([[0, 10], [10, 20], [30, 40]])).toBe(20);
    expect(contiguousPrefix([[5, 10]])).toBe(0);
    expect(contiguousPrefix([])).toBe(0);
  });
});
