import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, open } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FrontierHasher } from "./frontier-hasher.ts";

describe("FrontierHasher", () => {
  it("hashes a file written out of order, following its contiguous prefix, to the digest of its content", async () => {
    const content = randomBytes(10 * 2 ** 20 + 123);
    const fd = await open(path.join(await mkdtemp(path.join(os.tmpdir(), "hasher-")), "f"), "w+");
    const hasher = new FrontierHasher(fd, "sha256");
    const cut = [0, 3_000_000, 7_000_000, content.length];
    // Write the last piece first, then the first, then the middle.
    for (const index of [2, 0, 1]) {
      const piece = content.subarray(cut[index], cut[index + 1]);
      await fd.write(piece, 0, piece.length, cut[index]);
      hasher.advanceTo(index === 2 ? 0 : cut[index + 1]);
    }
    expect(await hasher.digest(content.length)).toBe(createHash("sha256").update(content).digest("hex"));
    await hasher.close();
    await fd.close();
  });

  it("computes git's blob id when given the blob header", async () => {
    const content = Buffer.from("{\"hello\": \"world\"}\n");
    const fd = await open(path.join(await mkdtemp(path.join(os.tmpdir(), "hasher-")), "f"), "w+");
    await fd.write(content, 0, content.length, 0);
    const hasher = new FrontierHasher(fd, "sha1", `blob ${content.length}\0`);
    expect(await hasher.digest(content.length)).toBe(createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex"));
    await hasher.close();
    await fd.close();
  });

  it("fails the digest when the file is shorter than claimed", async () => {
    const fd = await open(path.join(await mkdtemp(path.join(os.tmpdir(), "hasher-")), "f"), "w+");
    await fd.write(Buffer.from("abc"), 0, 3, 0);
    const hasher = new FrontierHasher(fd, "sha256");
    await expect(hasher.digest(10)).rejects.toThrow(/ended at 3 bytes/);
    await hasher.close();
    await fd.close();
  });
});
