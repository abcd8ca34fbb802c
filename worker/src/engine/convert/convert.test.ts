/**
 * convertCheckpoint end to end on the fixture checkpoints: every format of every family builds,
 * loads and validates; quantized weights decode to the source within one step; fidelity numbers
 * grow as bits shrink; broken checkpoints fail with a clear CodedError and leave nothing behind.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUANTIZATION_FORMATS, type QuantizationFormat } from "../../../../contracts/src/index.ts";
import { fixtureModelDir, FIXTURE_ARCHS, type FixtureArch } from "../../../../test/support/fixtures.ts";
import { describeModel } from "../architectures/describe.ts";
import type { QuantPool } from "../contracts.ts";
import { DATA_FILE, MODEL_FILE, readManifest } from "../graph/manifest.ts";
import type { StoredWeight } from "../graph/weights.ts";
import { dequantizeBlockwise } from "../quant/blockwise.ts";
import { createQuantPool } from "../quant/pool.ts";
import { openCheckpoint, writeSafetensors } from "../safetensors/index.ts";
import { assembleWeightInto } from "./assemble.ts";
import { convertCheckpoint, type ConversionResult } from "./convert.ts";
import { QUANTIZATION_CONFIG_FILE } from "./quantization-config.ts";
import { ScratchBuffers } from "./scratch.ts";

let workDir: string;
let pool: QuantPool;
const results = new Map<string, ConversionResult>();
const tempDir = () => path.join(workDir, "temp");

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "convert-test-"));
  pool = createQuantPool(2);
}, 60_000);
afterAll(async () => {
  await pool.close();
  await rm(workDir, { recursive: true, force: true });
});

async function convert(arch: FixtureArch, format: QuantizationFormat, rawDir = fixtureModelDir(arch)): Promise<ConversionResult> {
  const result = await convertCheckpoint({ rawDir, outDir: path.join(workDir, "quantized", `${arch}_${format}`), format, tempDir: tempDir(), pool, revision: "0123abc" });
  results.set(`${arch}_${format}`, result);
  return result;
}

describe.each(FIXTURE_ARCHS)("%s", (arch) => {
  it.each(QUANTIZATION_FORMATS)("builds, loads and validates %s", async (format) => {
    const result = await convert(arch, format);
    expect(result.format).toBe(format);
    expect(result.fallbackReason).toBeNull();
    expect(result.validation.outputsChecked).toBeGreaterThan(1);
    expect(result.validation.residentBytes).toBeGreaterThan(0);
    const names = (await readdir(result.outDir)).sort();
    expect(names).toEqual(expect.arrayContaining([MODEL_FILE, DATA_FILE, "config.json", "tokenizer.json", QUANTIZATION_CONFIG_FILE]));
    const qc = JSON.parse(await readFile(path.join(result.outDir, QUANTIZATION_CONFIG_FILE), "utf8"));
    expect(qc).toMatchObject({ format, requestedFormat: format, sourceRevision: "0123abc" });
    expect(qc.sourceFileSha256["model.safetensors"]).toMatch(/^[0-9a-f]{64}$/);
    expect(qc.sizeOnDiskBytes).toBe(result.files.reduce((n, f) => n + f.bytes, 0));
    expect(qc.sizeOnDiskBytes).toBe((await Promise.all(names.map((n) => stat(path.join(result.outDir, n))))).reduce((a, s) => a + s.size, 0));
    if (format === "FP32") {
      expect(result.fidelity).toBeNull();
      expect(qc.achievedBitsPerWeight).toBe(32);
    } else {
      const checkpoint = await openCheckpoint(fixtureModelDir(arch));
      const layers = describeModel(JSON.parse(await readFile(path.join(fixtureModelDir(arch), "config.json"), "utf8")), [...checkpoint.tensors.values()]).numLayers;
      await checkpoint.close(); // left open, its file handles were closed by the GC, with a warning each
      expect(result.fidelity!.entries.length).toBe(3 * layers);
      for (const e of result.fidelity!.entries) expect(Number.isFinite(e.relativeError) && Number.isFinite(e.cosineSimilarity)).toBe(true);
    }
    if (format.startsWith("Q")) expect(qc.unquantizedTensors).not.toContain("layers.0.mlp.down.weight");
    else expect(qc.unquantizedTensors).toContain("layers.0.mlp.down.weight");
  });

  it("fidelity and bits per weight: fewer bits, larger error", () => {
    const fidelity = (format: QuantizationFormat) => {
      const entries = results.get(`${arch}_${format}`)!.fidelity!.entries;
      return entries.reduce((a, e) => a + e.relativeError, 0) / entries.length;
    };
    const [fp16, q8, q4, q2] = (["FP16", "Q8", "Q4", "Q2"] as const).map(fidelity);
    expect(fp16).toBeLessThan(q8!);
    expect(q8).toBeLessThan(q4!);
    expect(q4).toBeLessThan(q2!);
    const bits = QUANTIZATION_FORMATS.map((f) => results.get(`${arch}_${f}`)!.bitsPerWeight);
    for (let i = 1; i < bits.length; i++) expect(bits[i]).toBeLessThan(bits[i - 1]!);
  });
});

/** A quantized weight from the variant's data file. */
async function storedQuantized(dir: string, weight: StoredWeight & { storage: "nbits" }) {
  const data = await readFile(path.join(dir, DATA_FILE));
  const slice = (s: { offset: number; length: number }) => new Uint8Array(data.buffer.slice(data.byteOffset + s.offset, data.byteOffset + s.offset + s.length));
  return { bits: weight.bits, blockSize: weight.blockSize, n: weight.n, k: weight.k, packed: slice(weight.packed), scales: new Float32Array(slice(weight.scales).buffer), zeroPoints: slice(weight.zeroPoints) };
}

describe("stored quantized weights", () => {
  it.each([
    ["gpt2", "Q4", "layers.1.mlp.up.weight"], // Conv1D [in, out] transposed before quantization
    ["gpt_neox", "Q8", "layers.0.attn.qkv.weight"], // head-interleaved rows reordered to q | k | v
    ["llama", "Q2", "layers.1.attn.qkv.weight"], // q, k, v concatenated
    ["phi", "Q8", "lm_head.weight"], // the LM head at 8 bits in every Q format
  ] as const)("%s %s %s decodes to the source within half a step", async (arch, format, key) => {
    const dir = results.get(`${arch}_${format}`)?.outDir ?? (await convert(arch, format)).outDir;
    const manifest = await readManifest(dir);
    const weight = manifest.weights.find((w) => w.key === key)!;
    expect(weight.storage).toBe("nbits");
    const q = await storedQuantized(dir, weight as StoredWeight & { storage: "nbits" });
    const checkpoint = await openCheckpoint(fixtureModelDir(arch));
    const source = new Float32Array(q.n * q.k);
    await assembleWeightInto(checkpoint, manifest.description.weights.find((w) => w.key === key)!, source, new ScratchBuffers(0));
    await checkpoint.close();
    const decoded = dequantizeBlockwise(q);
    const blocks = Math.ceil(q.k / q.blockSize);
    let worst = 0;
    for (let i = 0; i < source.length; i++) {
      const step = q.scales[Math.floor(i / q.k) * blocks + Math.floor((i % q.k) / q.blockSize)]!;
      worst = Math.max(worst, Math.abs(decoded[i]! - source[i]!) / step);
    }
    expect(worst).toBeLessThanOrEqual(0.5 + 1e-4);
    expect(worst).toBeGreaterThan(0.1); // it really was quantized
  });
});

/** A copy of a fixture folder whose safetensors file is rewritten by `edit`. */
async function brokenCopy(arch: FixtureArch, name: string, edit: (tensors: Array<{ name: string; shape: number[]; data: Float32Array }>) => void) {
  const dir = path.join(workDir, "broken", name);
  await mkdir(dir, { recursive: true });
  for (const file of await readdir(fixtureModelDir(arch))) if (file !== "model.safetensors" && file !== "reference") await copyFile(path.join(fixtureModelDir(arch), file), path.join(dir, file));
  const checkpoint = await openCheckpoint(fixtureModelDir(arch));
  const tensors = [];
  for (const t of checkpoint.tensors.values()) tensors.push({ name: t.name, shape: [...t.shape], data: Float32Array.from(await checkpoint.readFloat32(t.name)) });
  await checkpoint.close();
  edit(tensors);
  await writeSafetensors(path.join(dir, "model.safetensors"), tensors.map((t) => ({ name: t.name, dtype: "F32" as const, shape: t.shape, chunks: () => [new Uint8Array(t.data.buffer)] })));
  return dir;
}

async function expectCleanFailure(rawDir: string, format: QuantizationFormat, code: string, ...phrases: string[]) {
  const outDir = path.join(workDir, "failed", path.basename(rawDir));
  const error = await convertCheckpoint({ rawDir, outDir, format, tempDir: tempDir(), pool }).then(() => undefined, (e: unknown) => e);
  expect(error).toMatchObject({ code });
  for (const phrase of phrases) expect((error as Error).message).toContain(phrase);
  await expect(stat(outDir)).rejects.toThrow();
  expect(await readdir(tempDir()).catch(() => [])).toEqual([]);
}

describe("broken checkpoints fail clearly and leave nothing", () => {
  it("a missing tensor", async () => {
    const dir = await brokenCopy("llama", "missing", (t) => t.splice(t.findIndex((x) => x.name === "model.layers.1.mlp.up_proj.weight"), 1));
    await expectCleanFailure(dir, "Q4", "BAD_USER_INPUT", "model.layers.1.mlp.up_proj.weight");
  });

  it("a tensor with the wrong shape", async () => {
    const dir = await brokenCopy("qwen2", "shape", (t) => {
      t.find((x) => x.name === "model.layers.0.self_attn.k_proj.weight")!.shape = [64, 32];
    });
    await expectCleanFailure(dir, "Q8", "BAD_USER_INPUT", "model.layers.0.self_attn.k_proj.weight", "[64, 32]", "[32, 64]");
  });

  it("a truncated safetensors file", async () => {
    const dir = await brokenCopy("gpt2", "truncated", () => undefined);
    const file = path.join(dir, "model.safetensors");
    await truncate(file, (await stat(file)).size - 100);
    await expectCleanFailure(dir, "FP16", "INTEGRITY");
  });

  it("an encoder-only architecture", async () => {
    const dir = await brokenCopy("gpt2", "bert", () => undefined);
    await writeFile(path.join(dir, "config.json"), JSON.stringify({ model_type: "bert", architectures: ["BertForMaskedLM"], hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 100, max_position_embeddings: 64 }));
    await expectCleanFailure(dir, "Q4", "INCOMPATIBLE", "bert", "encoder", "gpt2, llama, mistral, qwen2, gpt_neox, phi");
  });

  it("cancellation", async () => {
    const controller = new AbortController();
    const outDir = path.join(workDir, "failed", "cancelled");
    const run = convertCheckpoint({ rawDir: fixtureModelDir("mistral"), outDir, format: "Q4", tempDir: tempDir(), pool, signal: controller.signal, onProgress: (p) => p.tensorsDone === 3 && controller.abort() });
    await expect(run).rejects.toMatchObject({ code: "CANCELLED" });
    await expect(stat(outDir)).rejects.toThrow();
    expect(await readdir(tempDir())).toEqual([]);
  });

  it("refuses to overwrite an existing variant (CONFLICT)", async () => {
    const existing = results.get("gpt2_FP32")!.outDir;
    await expect(convertCheckpoint({ rawDir: fixtureModelDir("gpt2"), outDir: existing, format: "FP32", tempDir: tempDir(), pool })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("fallback", () => {
  it("FP16 that overflows float16 falls back to FP32, with the reason recorded", async () => {
    const dir = await brokenCopy("llama", "fp16-overflow", (t) => {
      t.find((x) => x.name === "model.layers.0.mlp.down_proj.weight")!.data[7] = 1e6; // > 65504: inf in float16
    });
    const outDir = path.join(workDir, "quantized", "overflow_FP16");
    const result = await convertCheckpoint({ rawDir: dir, outDir, format: "FP16", tempDir: tempDir(), pool });
    expect(result).toMatchObject({ requestedFormat: "FP16", format: "FP32" });
    expect(result.fallbackReason).toContain("FP16 failed");
    expect(result.fallbackReason).toContain("non-finite");
    const qc = JSON.parse(await readFile(path.join(outDir, QUANTIZATION_CONFIG_FILE), "utf8"));
    expect(qc).toMatchObject({ format: "FP32", requestedFormat: "FP16", fallbackReason: result.fallbackReason });
  });
});

describe("progress", () => {
  it("reports tensors and bytes done, monotonically, up to the total, with an ETA", async () => {
    const events: Array<{ tensorsDone: number; tensorsTotal: number; bytesDone: number; bytesTotal: number; etaSeconds: number | null; phase: string }> = [];
    await convertCheckpoint({ rawDir: fixtureModelDir("phi"), outDir: path.join(workDir, "quantized", "phi_progress"), format: "Q4", tempDir: tempDir(), pool, onProgress: (p) => events.push(p) });
    const conversion = events.filter((e) => e.phase === "conversion");
    expect(conversion.length).toBe(conversion[0]!.tensorsTotal);
    conversion.forEach((e, i) => expect(e.tensorsDone).toBe(i + 1));
    expect(conversion.at(-1)!.bytesDone).toBe(conversion.at(-1)!.bytesTotal);
    expect(conversion.at(-1)!.etaSeconds).toBe(0);
    expect(events.some((e) => e.phase === "validation")).toBe(true);
  });
});
