import { mkdtemp, readFile, rm, stat, writeFile, access } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NpyWriter, npyHeader, parseNpy, readNpy, PARTIAL_SUFFIX } from "./npy.ts";
import { referenceDir } from "../../../test/support/fixtures.ts";
import { sha256Of } from "../../../test/support/hash.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "npy-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exists = (p: string) => access(p).then(() => true, () => false);

describe("npyHeader", () => {
  it("writes numpy's dict, padded so the data starts 64-byte aligned", () => {
    const h = npyHeader("float32", [3, 16, 64]);
    expect(h.length % 64).toBe(0);
    expect(h.subarray(0, 8)).toEqual(Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]));
    expect(h.readUInt16LE(8)).toBe(h.length - 10);
    expect(h.toString("latin1", 10).trimEnd()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 16, 64), }");
    expect(h[h.length - 1]).toBe(0x0a);
    expect(npyHeader("int64", [5]).toString("latin1")).toContain("'shape': (5,)");
  });

  it("matches the header numpy wrote for the reference files byte for byte", async () => {
    const ref = await readFile(path.join(referenceDir("gpt2", "plain"), "layer_0_residual.npy"));
    const ours = npyHeader("float32", [3, 16, 64]);
    expect(ref.subarray(0, ours.length)).toEqual(ours);
  });
});

describe("NpyWriter", () => {
  it("streams rows and renames only on a complete close", async () => {
    const file = path.join(dir, "a.npy");
    const w = await NpyWriter.create(file, "float32", [4, 2, 3]);
    w.append(new Float32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), 2);
    expect(await exists(file)).toBe(false);
    expect(await exists(file + PARTIAL_SUFFIX)).toBe(true);
    w.append(new Float32Array(12).fill(-1.5), 2);
    const { bytes, sha256 } = await w.close();
    expect(await exists(file + PARTIAL_SUFFIX)).toBe(false);
    expect((await stat(file)).size).toBe(bytes);
    expect(sha256).toBe(sha256Of(await readFile(file)));
    const back = await readNpy(file);
    expect(back.dtype).toBe("float32");
    expect(back.shape).toEqual([4, 2, 3]);
    expect(Array.from(back.data as Float32Array).slice(0, 12)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect((back.data as Float32Array)[23]).toBe(-1.5);
  });

  it("round-trips float16 patterns and int64", async () => {
    const f16 = path.join(dir, "h.npy");
    const w = await NpyWriter.create(f16, "float16", [2, 2]);
    w.append(new Uint16Array([0x3c00, 0xc000, 0x0001, 0x7bff]), 2);
    await w.close();
    expect(Array.from((await readNpy(f16)).data as Uint16Array)).toEqual([0x3c00, 0xc000, 0x0001, 0x7bff]);
    const i64 = path.join(dir, "i.npy");
    const wi = await NpyWriter.create(i64, "int64", [3]);
    wi.append(new BigInt64Array([1n, -2n, 9007199254740993n]), 3);
    await wi.close();
    expect(Array.from((await readNpy(i64)).data as BigInt64Array)).toEqual([1n, -2n, 9007199254740993n]);
  });

  it("refuses too many rows, wrong byte counts, an early close and use after close", async () => {
    const file = path.join(dir, "b.npy");
    const w = await NpyWriter.create(file, "float32", [2, 3]);
    expect(() => w.append(new Float32Array(9), 3)).toThrow(/exceed/);
    expect(() => w.append(new Float32Array(4), 1)).toThrow(/needs 12 bytes/);
    w.append(new Float32Array(3), 1);
    await expect(w.close()).rejects.toThrow(/after 1 of 2 rows/);
    w.append(new Float32Array(3), 1);
    await w.close();
    expect(() => w.append(new Float32Array(3), 1)).toThrow(/closed/);
  });

  it("abort removes the temp file and leaves no final file", async () => {
    const file = path.join(dir, "c.npy");
    const w = await NpyWriter.create(file, "float32", [2, 1]);
    w.append(new Float32Array(1), 1);
    await w.abort();
    expect(await exists(file)).toBe(false);
    expect(await exists(file + PARTIAL_SUFFIX)).toBe(false);
  });

  it("resumes a suspended file at a row boundary, cutting off unrecorded rows", async () => {
    const file = path.join(dir, "d.npy");
    const w = await NpyWriter.create(file, "float32", [3, 2]);
    w.append(new Float32Array([1, 2]), 1);
    w.append(new Float32Array([99, 99]), 1); // written, but "never recorded"
    await w.suspend();
    const r = await NpyWriter.resume(file, "float32", [3, 2], 1);
    expect(r.rowsWritten).toBe(1);
    r.append(new Float32Array([3, 4, 5, 6]), 2);
    const { sha256 } = await r.close();
    expect(Array.from((await readNpy(file)).data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
    // The hash covers the rows kept from before the resume and none of the ones cut off.
    expect(sha256).toBe(sha256Of(await readFile(file)));
  });

  it("refuses to resume a file whose header or length does not match", async () => {
    const file = path.join(dir, "e.npy");
    const w = await NpyWriter.create(file, "float32", [3, 2]);
    w.append(new Float32Array([1, 2]), 1);
    await w.suspend();
    await expect(NpyWriter.resume(file, "float32", [4, 2], 1)).rejects.toMatchObject({ code: "INTEGRITY" });
    await expect(NpyWriter.resume(file, "float32", [3, 2], 2)).rejects.toMatchObject({ code: "INTEGRITY" });
  });
});

describe("strict reader", () => {
  const valid = () => {
    const header = npyHeader("float32", [2, 2]);
    return Buffer.concat([header, Buffer.from(new Float32Array([1, 2, 3, 4]).buffer)]);
  };
  const withHeaderText = (text: string, data = Buffer.alloc(16)) => {
    const padded = text.padEnd(117, " ") + "\n";
    const head = Buffer.alloc(10);
    Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
    head.writeUInt16LE(padded.length, 8);
    return Buffer.concat([head, Buffer.from(padded, "latin1"), data]);
  };

  it("reads a valid file and the numpy reference files", async () => {
    expect(Array.from(parseNpy(valid()).data as Float32Array)).toEqual([1, 2, 3, 4]);
    const ids = await readNpy(path.join(referenceDir("gpt2", "plain"), "input_ids.npy"));
    expect(ids.dtype).toBe("int64");
    expect(ids.shape).toEqual([3, 16]);
    expect((ids.data as BigInt64Array)[0]).toBe(295n);
  });

  it.each([
    ["bad magic", () => Buffer.concat([Buffer.from("XNUMPY"), valid().subarray(6)]), /magic/],
    ["unknown version", () => Object.assign(valid(), { 6: 9 }), /version 9\.0/],
    ["truncated data", () => valid().subarray(0, valid().length - 1), /data is 15 bytes/],
    ["trailing data", () => Buffer.concat([valid(), Buffer.alloc(4)]), /data is 20 bytes/],
    ["truncated header", () => valid().subarray(0, 40), /truncated header/],
    ["unsupported dtype", () => withHeaderText("{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }"), /unsupported dtype/],
    ["fortran order", () => withHeaderText("{'descr': '<f4', 'fortran_order': True, 'shape': (4,), }"), /Fortran/],
    ["missing key", () => withHeaderText("{'descr': '<f4', 'shape': (4,), }"), /header keys/],
    ["extra key", () => withHeaderText("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), 'x': 1}"), /expected a string|header keys/],
    ["negative dimension", () => withHeaderText("{'descr': '<f4', 'fortran_order': False, 'shape': (-4,), }"), /non-negative/],
    ["not a dict", () => withHeaderText("[1, 2]"), /expected '\{'/],
    ["duplicate key", () => withHeaderText("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (4,)}"), /duplicate/],
  ])("rejects %s", (_name, make, message) => {
    expect(() => parseNpy(make())).toThrow(message);
    try {
      parseNpy(make());
    } catch (error) {
      expect(error).toMatchObject({ code: "BAD_USER_INPUT" });
    }
  });

  it("rejects a file on disk that is not .npy at all", async () => {
    const file = path.join(dir, "junk.npy");
    await writeFile(file, "hello");
    await expect(readNpy(file)).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
  });
});
