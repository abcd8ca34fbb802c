import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importDatasetFile } from "./import.ts";
import { readDatasetManifest, readSamples } from "./store.ts";

let root: string;
let outDir: string;
let tempDir: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ds-"));
  outDir = path.join(root, "datasets", "d1");
  tempDir = path.join(root, "temp");
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const exists = (p: string) => access(p).then(() => true, () => false);

async function put(name: string, content: string | Uint8Array): Promise<string> {
  const file = path.join(root, name);
  await writeFile(file, content);
  return file;
}

async function importOne(name: string, content: string | Uint8Array, textField?: string) {
  const sourcePath = await put(name, content);
  return importDatasetFile({ sourcePath, originalName: name, textField, outDir, tempDir });
}

async function stored(): Promise<string[]> {
  const out: string[] = [];
  for await (const s of readSamples(outDir)) out.push(s);
  return out;
}

async function expectNothingLeft() {
  expect(await exists(outDir)).toBe(false);
  expect(await readdir(tempDir).catch(() => [])).toEqual([]);
}

function parquet(columns: Record<string, unknown[]>, rowGroupSize?: number): Uint8Array {
  const columnData = Object.entries(columns).map(([name, data]) => ({ name, data, type: typeof data[0] === "number" ? ("INT32" as const) : ("STRING" as const) }));
  return new Uint8Array(parquetWriteBuffer({ columnData, rowGroupSize }));
}

describe("importDatasetFile", () => {
  it("imports .txt one sample per line, skipping blank lines, CRLF and unicode intact", async () => {
    const result = await importOne("a.txt", "first line\r\nsecond – ünïcode 🙂\n\n   \nthird\n");
    expect(await stored()).toEqual(["first line", "second – ünïcode 🙂", "third"]);
    expect(result).toMatchObject({ sampleCount: 3, skipped: 2, preview: ["first line", "second – ünïcode 🙂", "third"] });
    const manifest = await readDatasetManifest(outDir);
    expect(manifest.sampleCount).toBe(3);
    expect(manifest.bytes).toBe(result.bytes);
    expect(manifest.source).toMatchObject({ kind: "upload", format: "txt", originalName: "a.txt" });
  });

  it("imports .jsonl and .json with a named field (default 'text')", async () => {
    await importOne("a.jsonl", '{"body":"x y","id":1}\n{"body":"z","id":2}\n', "body");
    expect(await stored()).toEqual(["x y", "z"]);
    await rm(outDir, { recursive: true });
    await importOne("b.json", JSON.stringify({ data: [{ text: "one" }, { text: null }, { text: "two" }] }));
    expect(await stored()).toEqual(["one", "two"]);
  });

  it("imports .csv by column, with quoted commas and newlines", async () => {
    await importOne("a.csv", 'id,sentence\n1,"hello, world"\n2,"two\nlines"\n', "sentence");
    expect(await stored()).toEqual(["hello, world", "two\nlines"]);
  });

  it("imports .parquet by column across several row groups", async () => {
    const texts = Array.from({ length: 25 }, (_, i) => `sample ${i}`);
    await importOne("a.parquet", parquet({ id: texts.map((_, i) => i), content: texts }, 10), "content");
    expect(await stored()).toEqual(texts);
    expect((await readDatasetManifest(outDir)).preview).toHaveLength(10);
  });

  it.each([
    ["a wrong jsonl field", "a.jsonl", '{"body":"x"}\n', "text", "textField", /no field "text".*"body"/],
    ["a wrong csv column", "a.csv", "a,b\n1,2\n", "sentence", "textField", /no field "sentence"/],
    ["a non-text field", "a.jsonl", '{"text": 5}\n', undefined, "textField", /number, not text/],
    ["broken JSON lines", "a.jsonl", '{"text": "ok"}\n{"text": \n', undefined, "file", /line 2 is not valid JSON/],
    ["broken JSON", "a.json", "[{", undefined, "file", /not valid JSON/],
    ["an empty file", "a.txt", "", undefined, "file", /No samples/],
    ["only blank values", "a.jsonl", '{"text": ""}\n{"text": null}\n', undefined, "file", /No samples/],
    ["a binary file", "a.txt", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01]), undefined, "file", /NUL byte/],
    ["invalid UTF-8", "a.txt", new Uint8Array([0x61, 0xff, 0xfe, 0x62, 0x0a]), undefined, "file", /invalid UTF-8/],
    ["an unknown extension", "a.docx", "hello", undefined, "file", /Unsupported dataset file/],
  ])("rejects %s with BAD_USER_INPUT and leaves nothing behind", async (_n, name, content, field, errorField, message) => {
    const error = await importOne(name, content, field).catch((e) => e);
    expect(error).toMatchObject({ code: "BAD_USER_INPUT", field: errorField });
    expect(error.message).toMatch(message);
    await expectNothingLeft();
  });

  it("rejects a parquet file without the column, and a broken parquet file", async () => {
    const good = parquet({ content: ["a", "b"] });
    const e1 = await importOne("a.parquet", good, "text").catch((e) => e);
    expect(e1).toMatchObject({ code: "BAD_USER_INPUT", field: "textField" });
    expect(e1.message).toMatch(/columns: "content"/);
    const broken = good.slice(0, good.length - 20);
    const e2 = await importOne("b.parquet", broken, "content").catch((e) => e);
    expect(e2).toMatchObject({ code: "BAD_USER_INPUT", field: "file" });
    const garbage = await importOne("c.parquet", new Uint8Array(100).fill(7), "content").catch((e) => e);
    expect(garbage).toMatchObject({ code: "BAD_USER_INPUT", field: "file" });
    await expectNothingLeft();
  });

  it("cancels on abort with nothing left behind", async () => {
    const sourcePath = await put("big.txt", "line\n".repeat(200_000));
    const controller = new AbortController();
    let reported = 0;
    const error = await importDatasetFile({
      sourcePath,
      originalName: "big.txt",
      outDir,
      tempDir,
      signal: controller.signal,
      onProgress: (p) => {
        reported = p.bytesDone;
        if (p.bytesDone > 0) controller.abort();
      },
    }).catch((e) => e);
    expect(reported).toBeGreaterThan(0);
    expect(error).toMatchObject({ code: "CANCELLED" });
    await expectNothingLeft();
  });

  it("imports an upload that already sits inside the dataset folder, adding only its two files", async () => {
    await mkdir(outDir, { recursive: true });
    const sourcePath = path.join(outDir, "upload.txt");
    await writeFile(sourcePath, "a\nb\n");
    await importDatasetFile({ sourcePath, originalName: "upload.txt", outDir, tempDir });
    expect((await readdir(outDir)).sort()).toEqual(["dataset.json", "samples.jsonl", "upload.txt"]);
    expect(await stored()).toEqual(["a", "b"]);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it("reports byte progress up to the file size", async () => {
    const content = "abc\n".repeat(1000);
    const sourcePath = await put("p.txt", content);
    const seen: number[] = [];
    await importDatasetFile({ sourcePath, originalName: "p.txt", outDir, tempDir, onProgress: (p) => seen.push(p.bytesDone) });
    expect(seen.at(-1)).toBe(Buffer.byteLength(content));
    expect((await readFile(path.join(outDir, "samples.jsonl"), "utf8")).split("\n")[0]).toBe('{"text":"abc"}');
  });
});
