import { closeSync, constants, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DIRECT_IO_BLOCK, DirectAppender } from "./direct-append.ts";

/** Whether a folder's filesystem accepts O_DIRECT (tmpfs does not). */
function acceptsDirectIo(dir: string): boolean {
  const probe = path.join(dir, "probe");
  try {
    closeSync(openSync(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_DIRECT));
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { force: true });
  }
}

/** Deterministic bytes, different at every offset (so a misplaced block shows). */
const pattern = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 7 + (i >> 8)) & 0xff);

const concat = (parts: Uint8Array[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));

/**
 * Appends pieces with one appender and checks, after every append, that the file holds exactly
 * the bytes appended so far: a run killed between two appends resumes from what is on disk.
 */
function appendAndCheck(file: string, header: Uint8Array, pieces: Uint8Array[]): DirectAppender {
  const fd = openSync(file, "w+");
  writeSync(fd, header, 0, header.length, 0);
  const appender = DirectAppender.open(file, fd, header.length);
  const expected: Uint8Array[] = [header];
  try {
    for (const piece of pieces) {
      appender.append(piece);
      expected.push(piece);
      expect(readFileSync(file).equals(concat(expected))).toBe(true);
    }
  } finally {
    appender.close();
    closeSync(fd);
  }
  return appender;
}

describe("DirectAppender", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "direct-append-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes aligned batches around the page cache where the filesystem allows it", () => {
    const file = path.join(dir, "aligned.bin");
    const header = pattern(DIRECT_IO_BLOCK, 1);
    const fd = openSync(file, "w+");
    writeSync(fd, header, 0, header.length, 0);
    const appender = DirectAppender.open(file, fd, header.length);
    expect(appender.bypassesPageCache).toBe(acceptsDirectIo(dir));
    // Larger than the staging buffer, so one append takes several direct writes.
    const big = pattern(9 * DIRECT_IO_BLOCK * 256 + 3 * DIRECT_IO_BLOCK, 2);
    appender.append(big);
    expect(appender.bypassesPageCache).toBe(acceptsDirectIo(dir)); // no fallback happened
    appender.close();
    closeSync(fd);
    expect(readFileSync(file).equals(concat([header, big]))).toBe(true);
  });

  it("keeps every byte on disk when appends do not end on a block: partial blocks are rewritten whole", () => {
    const file = path.join(dir, "odd.bin");
    const sizes = [1, 100, DIRECT_IO_BLOCK - 101, 5000, 3 * DIRECT_IO_BLOCK + 17, 0, 70_000, 1];
    appendAndCheck(file, pattern(64, 3), sizes.map((n, i) => pattern(n, 10 + i)));
    expect(statSync(file).size).toBe(64 + sizes.reduce((a, b) => a + b, 0));
  });

  it("continues a file whose length is not on a block (a resumed run) from the bytes already there", () => {
    const file = path.join(dir, "resume.bin");
    const first = [pattern(DIRECT_IO_BLOCK + 1234, 20)];
    appendAndCheck(file, pattern(128, 4), first);
    const fd = openSync(file, "r+");
    const appender = DirectAppender.open(file, fd, statSync(file).size);
    const more = pattern(2 * DIRECT_IO_BLOCK + 5, 21);
    appender.append(more);
    appender.close();
    closeSync(fd);
    expect(readFileSync(file).equals(concat([pattern(128, 4), ...first, more]))).toBe(true);
  });

  it("falls back to ordinary writes where the filesystem refuses O_DIRECT, with the same bytes", () => {
    const refused = () => {
      throw Object.assign(new Error("open: Invalid argument"), { code: "EINVAL" });
    };
    const file = path.join(dir, "fallback.bin");
    const fd = openSync(file, "w+");
    const appender = DirectAppender.open(file, fd, 0, refused);
    expect(appender.bypassesPageCache).toBe(false);
    const data = [pattern(3 * DIRECT_IO_BLOCK + 9, 30), pattern(DIRECT_IO_BLOCK, 31)];
    for (const piece of data) appender.append(piece);
    appender.close();
    closeSync(fd);
    expect(readFileSync(file).equals(concat(data))).toBe(true);
  });

  it("does not hide other failures to open the file", () => {
    const fd = openSync(path.join(dir, "x.bin"), "w+");
    try {
      expect(() => DirectAppender.open(path.join(dir, "missing", "x.bin"), fd, 0)).toThrow(/ENOENT/);
    } finally {
      closeSync(fd);
    }
  });
});
