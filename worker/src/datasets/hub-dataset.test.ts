import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { importHubDataset, pickSplitFiles, type HubDatasetClient, type HubDatasetFile } from "./hub-dataset.ts";
import { readDatasetManifest, readSamples } from "./store.ts";

const f = (p: string): HubDatasetFile => ({ path: p, size: 1 });

describe("pickSplitFiles", () => {
  const repo = [
    f("README.md"),
    f("data/train-00001-of-00002.parquet"),
    f("data/train-00000-of-00002.parquet"),
    f("data/test-00000-of-00001.parquet"),
    f("data/train.jsonl"),
    f("wiki/train/0000.parquet"),
    f("wiki/validation/0000.parquet"),
  ];

  it("picks the default config's train shards in order, preferring parquet", () => {
    expect(pickSplitFiles(repo).files.map((x) => x.path)).toEqual(["data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet"]);
    expect(pickSplitFiles(repo, "default", "test").files.map((x) => x.path)).toEqual(["data/test-00000-of-00001.parquet"]);
  });

  it("picks a config folder and a split folder", () => {
    expect(pickSplitFiles(repo, "wiki", "validation")).toEqual({ split: "validation", files: [f("wiki/validation/0000.parquet")] });
  });

  it("uses JSON lines files when a split has no parquet", () => {
    expect(pickSplitFiles([f("train.jsonl"), f("test.jsonl")], null, "test").files).toEqual([f("test.jsonl")]);
  });

  it("names the available splits and configs when the choice does not exist", () => {
    expect(() => pickSplitFiles(repo, null, "dev")).toThrow(/splits: test, train/);
    expect(() => pickSplitFiles(repo, "books")).toThrow(/configs: default, wiki/);
    expect(() => pickSplitFiles([f("README.md")])).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", field: "config" }));
  });
});

describe("importHubDataset", () => {
  it("downloads the split's files through the client and imports them in order", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "hubds-"));
    try {
      const local = new Map<string, string>();
      const shard = async (name: string, texts: string[]) => {
        const file = path.join(root, name.replaceAll("/", "_"));
        await writeFile(file, new Uint8Array(parquetWriteBuffer({ columnData: [{ name: "text", data: texts, type: "STRING" }] })));
        local.set(name, file);
      };
      await shard("data/train-00000-of-00002.parquet", ["a", "b"]);
      await shard("data/train-00001-of-00002.parquet", ["c"]);
      const requested: string[] = [];
      const revision = "0123456789abcdef0123456789abcdef01234567";
      const client: HubDatasetClient = {
        snapshot: async () => ({ revision, files: [...local.keys()].map((p) => ({ path: p, size: 10 })).concat([f("README.md")]) }),
        download: async ({ files }) => files.map((x) => (requested.push(x.path), local.get(x.path)!)),
      };
      const outDir = path.join(root, "datasets", "h1");
      const result = await importHubDataset({ repoId: "org/set", client, outDir, tempDir: path.join(root, "temp") });
      expect(requested).toEqual(["data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet"]);
      expect(result).toMatchObject({ sampleCount: 3, split: "train", revision });
      const texts: string[] = [];
      for await (const t of readSamples(outDir)) texts.push(t);
      expect(texts).toEqual(["a", "b", "c"]);
      expect((await readDatasetManifest(outDir)).source).toMatchObject({ kind: "hub", repoId: "org/set", split: "train", revision });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
