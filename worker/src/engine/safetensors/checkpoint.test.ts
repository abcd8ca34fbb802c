import { mkdir, mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureModelDir } from "../../../../test/support/fixtures.ts";
import { openCheckpoint } from "./checkpoint.ts";
import { encodeHeader, writeSafetensors, type TensorToWrite } from "./writer.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "safetensors-test-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let caseNumber = 0;
async function caseDir(): Promise<string> {
  const caseDirectory = path.join(dir, `case-${caseNumber++}`);
  await mkdir(caseDirectory);
  return caseDirectory;
}

const f32Tensor = (name: string, shape: number[], values: number[]): TensorToWrite => ({
  name,
  dtype: "F32",
  shape,
  chunks: () => [new Uint8Array(new Float32Array(values).buffer)],
});

/** Writes a raw file: 8-byte length, the given header text, then `dataBytes` zero bytes. */
async function writeRaw(file: string, headerText: string, dataBytes: number, declaredLength?: number): Promise<void> {
  const json = new TextEncoder().encode(headerText);
  const bytes = new Uint8Array(8 + json.length + dataBytes);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(declaredLength ?? json.length), true);
  bytes.set(json, 8);
  await writeFile(file, bytes);
}

async function expectCoded(promise: Promise<unknown>, code: string, ...messageParts: string[]): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, "expected a CodedError").toMatchObject({ name: "CodedError", code });
  for (const part of messageParts) expect((error as Error).message).toContain(part);
}

describe("openCheckpoint on a fixture", () => {
  it("lists every tensor of the gpt2 fixture and decodes each one like an independent reader", async () => {
    const file = path.join(fixtureModelDir("gpt2"), "model.safetensors");
    const raw = await readFile(file);
    const headerLength = Number(raw.readBigUInt64LE(0));
    const header = JSON.parse(raw.subarray(8, 8 + headerLength).toString("utf8")) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
    delete header.__metadata__;

    const checkpoint = await openCheckpoint(fixtureModelDir("gpt2"));
    try {
      expect([...checkpoint.tensors.keys()].sort()).toEqual(Object.keys(header).sort());
      for (const [name, entry] of Object.entries(header)) {
        const info = checkpoint.tensors.get(name)!;
        expect(info).toMatchObject({ name, dtype: entry.dtype, shape: entry.shape, file: "model.safetensors" });
        const values = await checkpoint.readFloat32(name);
        const start = 8 + headerLength + entry.data_offsets[0];
        const expected = Array.from({ length: values.length }, (_, i) => raw.readFloatLE(start + 4 * i));
        expect(Array.from(values)).toEqual(expected);
      }
    } finally {
      await checkpoint.close();
    }
  });
});

describe("openCheckpoint decodes source dtypes", () => {
  it("reads F32, F16 and BF16 tensors to float32", async () => {
    const caseDirectory = await caseDir();
    await writeSafetensors(path.join(caseDirectory, "model.safetensors"), [
      f32Tensor("a", [2, 2], [1, -2.5, 3e-3, 65504]),
      // fp16 patterns: 1, -2, 65504, smallest subnormal 2^-24
      { name: "b", dtype: "F16", shape: [4], chunks: () => [new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x7bff, 0x0001]).buffer)] },
      // bf16 patterns: 1, -2, pi truncated (0x4049 → 3.140625)
      { name: "c", dtype: "BF16", shape: [3, 1], chunks: () => [new Uint8Array(new Uint16Array([0x3f80, 0xc000, 0x4049]).buffer)] },
    ]);
    const checkpoint = await openCheckpoint(caseDirectory);
    expect(checkpoint.tensors.get("c")).toMatchObject({ dtype: "BF16", shape: [3, 1], byteLength: 6 });
    expect(Array.from(await checkpoint.readFloat32("a"))).toEqual([1, -2.5, Math.fround(3e-3), 65504]);
    expect(Array.from(await checkpoint.readFloat32("b"))).toEqual([1, -2, 65504, 2 ** -24]);
    expect(Array.from(await checkpoint.readFloat32("c"))).toEqual([1, -2, 3.140625]);
    await expectCoded(checkpoint.readFloat32("missing"), "NOT_FOUND", "missing");
    await checkpoint.close();
    await expectCoded(checkpoint.readFloat32("a"), "INTERNAL", "closed");
  });
});

describe("sharded checkpoints", () => {
  async function writeSharded(caseDirectory: string, weightMap: Record<string, string>): Promise<void> {
    await writeSafetensors(path.join(caseDirectory, "model-00001-of-00002.safetensors"), [f32Tensor("x", [2], [1, 2])]);
    await writeSafetensors(path.join(caseDirectory, "model-00002-of-00002.safetensors"), [f32Tensor("y", [1, 3], [3, 4, 5]), f32Tensor("z", [1], [6])]);
    await writeFile(path.join(caseDirectory, "model.safetensors.index.json"), JSON.stringify({ metadata: { total_size: 24 }, weight_map: weightMap }));
  }

  it("reads tensors from every shard named by the index", async () => {
    const caseDirectory = await caseDir();
    await writeSharded(caseDirectory, { x: "model-00001-of-00002.safetensors", y: "model-00002-of-00002.safetensors", z: "model-00002-of-00002.safetensors" });
    const checkpoint = await openCheckpoint(caseDirectory);
    expect(checkpoint.tensors.get("y")?.file).toBe("model-00002-of-00002.safetensors");
    expect(Array.from(await checkpoint.readFloat32("x"))).toEqual([1, 2]);
    expect(Array.from(await checkpoint.readFloat32("y"))).toEqual([3, 4, 5]);
    expect(Array.from(await checkpoint.readFloat32("z"))).toEqual([6]);
    await checkpoint.close();
  });

  it("rejects an index that places a tensor in the wrong shard", async () => {
    const caseDirectory = await caseDir();
    await writeSharded(caseDirectory, { x: "model-00002-of-00002.safetensors", y: "model-00002-of-00002.safetensors" });
    // Only shards the index names are opened, so "x" (really in shard 1) is found nowhere.
    await expectCoded(openCheckpoint(caseDirectory), "INTEGRITY", '"x"', "model-00002-of-00002.safetensors", "no shard holds it");
  });

  it("rejects a missing shard and a shard name that leaves the directory", async () => {
    const missing = await caseDir();
    await writeSharded(missing, { x: "model-00001-of-00002.safetensors", w: "model-00003-of-00003.safetensors" });
    await expectCoded(openCheckpoint(missing), "INTEGRITY", "model-00003-of-00003.safetensors", "missing");
    const escaping = await caseDir();
    await writeSharded(escaping, { x: "../model-00001-of-00002.safetensors" });
    await expectCoded(openCheckpoint(escaping), "BAD_USER_INPUT", "invalid shard name");
  });

  it("rejects a tensor present in two shards", async () => {
    const caseDirectory = await caseDir();
    await writeSafetensors(path.join(caseDirectory, "a.safetensors"), [f32Tensor("x", [1], [1])]);
    await writeSafetensors(path.join(caseDirectory, "b.safetensors"), [f32Tensor("x", [1], [2])]);
    await writeFile(path.join(caseDirectory, "model.safetensors.index.json"), JSON.stringify({ weight_map: { x: "a.safetensors", y: "b.safetensors" } }));
    await expectCoded(openCheckpoint(caseDirectory), "INTEGRITY", '"x"', "a.safetensors", "b.safetensors");
  });
});

describe("hostile and broken files", () => {
  const file = (caseDirectory: string) => path.join(caseDirectory, "model.safetensors");

  it("says NOT_FOUND for a directory without weights", async () => {
    await expectCoded(openCheckpoint(await caseDir()), "NOT_FOUND", "model.safetensors");
  });

  it("rejects a file shorter than the length prefix", async () => {
    const caseDirectory = await caseDir();
    await writeFile(file(caseDirectory), new Uint8Array(5));
    await expectCoded(openCheckpoint(caseDirectory), "INTEGRITY", "model.safetensors", "truncated");
  });

  it("rejects a header longer than the limit and a header overrunning the file", async () => {
    const huge = await caseDir();
    await writeRaw(file(huge), "{}", 0, 2 ** 40);
    await expectCoded(openCheckpoint(huge), "INTEGRITY", "exceeds");
    const overrun = await caseDir();
    await writeRaw(file(overrun), "{}", 0, 4096);
    await expectCoded(openCheckpoint(overrun), "INTEGRITY", "overruns the file");
  });

  it("rejects a header that is not JSON or not an object", async () => {
    const notJson = await caseDir();
    await writeRaw(file(notJson), "{not json", 0);
    await expectCoded(openCheckpoint(notJson), "INTEGRITY", "not valid UTF-8 JSON");
    const array = await caseDir();
    await writeRaw(file(array), "[1,2]", 0);
    await expectCoded(openCheckpoint(array), "INTEGRITY", "not a JSON object");
  });

  it("rejects a truncated data region, naming the tensor", async () => {
    const caseDirectory = await caseDir();
    await writeSafetensors(file(caseDirectory), [f32Tensor("first", [4], [1, 2, 3, 4]), f32Tensor("last.weight", [4], [5, 6, 7, 8])]);
    const size = encodeHeader([
      { name: "first", dtype: "F32", shape: [4] },
      { name: "last.weight", dtype: "F32", shape: [4] },
    ]).length;
    await truncate(file(caseDirectory), size + 20);
    await expectCoded(openCheckpoint(caseDirectory), "INTEGRITY", '"last.weight"', "truncated");
  });

  it("rejects offsets that disagree with the shape, run out of range, or overlap", async () => {
    const cases: Array<[string, number, string]> = [
      ['{"t":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}}', 16, "needs 16"],
      ['{"t":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}', 16, "0 ≤ begin ≤ end"],
      ['{"t":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}}', 16, "data_offsets"],
      ['{"t":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}', 16, "shape"],
      ['{"t":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}', 8, "beyond the 8-byte data region"],
      ['{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}', 16, "overlaps"],
      ['{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"__metadata__":{"n":3}}', 4, "__metadata__"],
    ];
    for (const [header, dataBytes, message] of cases) {
      const caseDirectory = await caseDir();
      await writeRaw(file(caseDirectory), header, dataBytes);
      await expectCoded(openCheckpoint(caseDirectory), "INTEGRITY", "model.safetensors", message);
    }
  });

  it("rejects unknown and unsupported dtypes as BAD_USER_INPUT, naming tensor and dtype", async () => {
    const unknown = await caseDir();
    await writeRaw(file(unknown), '{"w":{"dtype":"Q7","shape":[1],"data_offsets":[0,1]}}', 1);
    await expectCoded(openCheckpoint(unknown), "BAD_USER_INPUT", '"w"', "Q7");
    const int64 = await caseDir();
    await writeRaw(file(int64), '{"position_ids":{"dtype":"I64","shape":[2],"data_offsets":[0,16]}}', 16);
    await expectCoded(openCheckpoint(int64), "BAD_USER_INPUT", '"position_ids"', "I64");
  });
});
