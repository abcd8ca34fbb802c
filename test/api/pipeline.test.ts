/**
 * The whole pipeline through the API with nothing stubbed: a fixture repo downloaded from the
 * local Hub, converted to a real Q4 ONNX variant, a dataset imported, activations extracted by
 * ORT. Then a worker killed (SIGKILL) mid-extraction: another worker resumes the job after the
 * last completed batch and its .npy files equal those of an uninterrupted run, byte for byte.
 */
import { existsSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOOK_TYPES } from "../../contracts/src/index.ts";
import { fixtureRepoId } from "../hub-server/index.ts";
import { collect, eventually, list, ok, wsClient, type Loose } from "../support/graphql.ts";
import type { InProcessServer } from "../support/in-process.ts";
import type { Child } from "../support/processes.ts";
import type { TestEnv } from "../support/test-env.ts";
import { startJobPipeline, type JobPipeline } from "../support/job-pipeline.ts";
import { DOWNLOAD, MODEL, readyTextDataset } from "./operations.ts";

let pipeline: JobPipeline;
let env: TestEnv;
let server: InProcessServer;
let workers: Child[];

beforeAll(async () => {
  pipeline = await startJobPipeline({ workers: 1 });
  ({ env, server, workers } = pipeline);
});

afterAll(() => pipeline?.stop());

const worker = () => pipeline.addWorker();

const EXTRACTION = `query($id: ID!) { extraction(id: $id) { id status errorCode statusMessage outputPath files { name shape dtype bytes } statistics metrics } }`;
const START = `mutation($input: ExtractionInput!) { startExtraction(input: $input) { id status } }`;
const PROGRESS = `subscription($id: ID!) { extractionProgress(id: $id) { status progress { samplesDone } } }`;

async function extract(input: Record<string, unknown>): Promise<string> {
  return String((await ok(server.url, START, { input })).startExtraction.id);
}

function completed(id: string, timeoutMs = 120_000): Promise<Loose> {
  return eventually(async () => {
    const { extraction } = await ok(server.url, EXTRACTION, { id });
    if (["ERROR", "CANCELLED"].includes(String(extraction.status))) throw new Error(`extraction ${id} ended ${String(extraction.status)}: ${String(extraction.statusMessage)}`);
    return String(extraction.status) === "COMPLETED" ? extraction : undefined;
  }, timeoutMs);
}

const npyFiles = (extraction: Loose) => list(extraction.files).map((f) => String(f.name)).filter((name) => name.endsWith(".npy")).sort();
const outputFile = (extraction: Loose, name: string) => readFile(path.join(env.dataDir, String(extraction.outputPath), name));

let modelId: string;

describe("download → convert → import → extract, all real", () => {
  it("downloads gpt2 from the Hub and converts it to a Q4 ONNX variant with its fidelity measured", async () => {
    const { downloadModel } = await ok(server.url, DOWNLOAD, { input: { repoId: fixtureRepoId("gpt2"), quantization: "Q4" } });
    modelId = String(downloadModel.model.id);
    const ready = await eventually(async () => {
      const { model } = await ok(server.url, `query($id: ID!) { model(id: $id) { status errorCode statusMessage format revision architectureName
        architecture { numLayers hiddenSize modelType } rawBytes variantBytes measuredMemoryBytes quantizationConfig
        fidelity { probeTokens entries { layer hook relativeError cosineSimilarity } } } }`, { id: modelId });
      if (String(model.status) === "ERROR") throw new Error(`model failed: ${String(model.errorCode)} ${String(model.statusMessage)}`);
      return String(model.status) === "READY" ? model : undefined;
    }, 120_000);
    expect(ready).toMatchObject({ format: "Q4", architectureName: "gpt2", architecture: { numLayers: 2, hiddenSize: 64, modelType: "gpt2" } });
    expect(String(ready.revision)).toMatch(/^[0-9a-f]{40}$/);
    expect(Number(ready.measuredMemoryBytes)).toBeGreaterThan(0);
    expect(ready.quantizationConfig).not.toBeNull();
    // Q4 is measured against FP32 tap by tap: close, but not identical.
    expect(list(ready.fidelity.entries).length).toBeGreaterThan(0);
    for (const entry of list(ready.fidelity.entries)) {
      expect(Number(entry.cosineSimilarity)).toBeGreaterThan(0.5);
      expect(Number(entry.relativeError)).toBeGreaterThan(0);
    }
    const variantDir = path.join(env.dataDir, "models", "quantized", `${modelId}_Q4`);
    expect(readdirSync(variantDir).some((name) => name.endsWith(".onnx"))).toBe(true);
    expect(readdirSync(path.join(env.dataDir, "models", "raw", modelId))).toContain("model.safetensors");
    expect(Number(ready.variantBytes)).toBeLessThan(Number(ready.rawBytes)); // 4-bit weights, not a copy
  });

  it("imports a text upload and extracts layers 0 and 1 with every hook: .npy files and their statistics", async () => {
    const lines = Array.from({ length: 24 }, (_, i) => `The small model reads sentence ${i} and writes activations.`);
    const datasetId = await readyTextDataset(server.url, lines, "pipeline-small");
    const id = await extract({ modelId, datasetId, layers: [0, 1], hookTypes: [...HOOK_TYPES], batchSize: 8, sequenceLength: 16 });
    const extraction = await completed(id);

    const taps = [0, 1].flatMap((layer) => ["residual", "mlp", "attention"].map((hook) => `layer_${layer}_${hook}`));
    expect(npyFiles(extraction)).toEqual(["attention_mask.npy", "input_ids.npy", ...taps.map((tap) => `${tap}.npy`)].sort());
    for (const file of list(extraction.files).filter((f) => String(f.name).startsWith("layer_"))) {
      expect(file.shape).toEqual([24, 16, 64]);
      expect((await outputFile(extraction, String(file.name))).length).toBe(Number(file.bytes));
    }
    expect(Object.keys(extraction.statistics.taps).sort()).toEqual([...taps].sort());
    for (const tap of taps) {
      expect(Number(extraction.statistics.taps[tap].tokens)).toBeGreaterThan(0);
      expect(Number(extraction.statistics.taps[tap].maxAbs)).toBeGreaterThan(0);
    }
    expect(extraction.metrics).toMatchObject({ samples: 24, resumedFromSample: 0, calibration: { modelId, format: "Q4", blocksRun: 2, sequenceLength: 16 } });
  });
});

describe("a worker killed mid-extraction", () => {
  it("leaves the job to another worker, which resumes it; the files equal an uninterrupted run's", async () => {
    // Thousands of single-sample batches: several seconds of work, so the kill lands mid-run.
    const lines = Array.from({ length: 12_000 }, (_, i) => `Line ${i}: a sentence long enough to fill a few tokens.`);
    const datasetId = await readyTextDataset(server.url, lines, "pipeline-large");
    const input = { modelId, datasetId, layers: [0, 1], hookTypes: ["RESIDUAL"], batchSize: 1, sequenceLength: 8 };
    const reference = await completed(await extract(input));

    const id = await extract(input);
    const client = wsClient(server.wsUrl);
    const [doomed] = workers;
    await collect(client, PROGRESS, { id }, (e) => String(e.extractionProgress.status) === "EXTRACTING" && Number(e.extractionProgress.progress.samplesDone) >= 1_000, 60_000);
    await client.dispose();
    await doomed.kill(); // SIGKILL: no cleanup, the job's lock simply stops being renewed
    workers.splice(workers.indexOf(doomed), 1);
    const { extraction: interrupted } = await ok(server.url, EXTRACTION, { id });
    expect(String(interrupted.status)).toBe("EXTRACTING");
    expect(existsSync(path.join(env.dataDir, "activations", `extraction_${id}`))).toBe(false);

    const rescuer = await worker();
    const resumed = await completed(id);
    expect(rescuer.output()).toContain(id);
    expect(Number(resumed.metrics.resumedFromSample)).toBeGreaterThanOrEqual(1_000);
    expect(Number(resumed.metrics.resumedFromSample)).toBeLessThan(12_000);
    expect(npyFiles(resumed)).toEqual(npyFiles(reference));
    for (const name of npyFiles(reference)) {
      const [expected, actual] = await Promise.all([outputFile(reference, name), outputFile(resumed, name)]);
      expect(actual.equals(expected), `${name} differs from the uninterrupted run`).toBe(true);
    }
  });
});
