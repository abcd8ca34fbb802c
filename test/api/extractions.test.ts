/**
 * Datasets and extractions through the real API and a real worker: an upload imported by the
 * worker, extraction validation against the model's depth, templates filling requests, a run
 * watched over graphql-ws (on a real converted gpt2 fixture), the plan calibrated by that run,
 * cancelling a running extraction, deletion rules that involve them.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArchitectureRecord } from "../../contracts/src/index.ts";
import { connect } from "../support/db.ts";
import { collect, eventually, failure, list, ok, wsClient } from "../support/graphql.ts";
import { startApiInProcess, type InProcessServer, startWorkerInProcess, type InProcess } from "../support/in-process.ts";
import { readyFixtureModel } from "../support/models.ts";
import { createTestEnv, type TestEnv } from "../support/test-env.ts";
import { DATASET, DELETE_MODEL, readyTextDataset, uploadDataset } from "./operations.ts";

let env: TestEnv;
let server: InProcessServer;
let worker: InProcess;
/** A READY 8-layer row without files: enough for validation and plans, which never run it. */
let modelId: string;
/** The gpt2 fixture (2 layers, hidden 64) converted to Q4 under DATA_DIR: the runs use it. */
let gpt2Id: string;
let datasetId: string;

const ARCHITECTURE: ArchitectureRecord = {
  modelType: "llama", architectures: ["LlamaForCausalLM"], supported: true, numLayers: 8, hiddenSize: 16, numHeads: 2, numKvHeads: 1,
  headDim: 8, intermediateSize: 32, vocabSize: 100, maxPositions: 256, activation: "silu", normType: "rmsnorm", normEpsilon: 1e-5,
  ropeTheta: 10000, rotaryDim: 8, parallelResidual: false, tiedEmbeddings: false, parameterCount: 12345, layers: [], config: {},
};

beforeAll(async () => {
  env = await createTestEnv();
  [server, worker, gpt2Id] = await Promise.all([startApiInProcess(env.env), startWorkerInProcess(env.env), readyFixtureModel(env, "gpt2", "Q4")]);
  const { db } = await connect(env.databaseUrl);
  const model = await db.model.create({
    data: { repoId: "org/tiny-llama", name: "tiny-llama", requestedFormat: "Q4", format: "Q4", status: "READY", architecture: ARCHITECTURE as object, architectureName: "llama", rawBytes: 10n, variantBytes: 5n },
  });
  modelId = model.id;
  await db.$disconnect();
});

afterAll(async () => {
  await Promise.all([server?.stop(), worker?.stop()]);
  await env?.cleanup();
});

const upload = (file: File, input: Record<string, unknown> = {}) => uploadDataset(server.url, file, input);

const EXTRACTION_FIELDS = "id status layers hookTypes batchSize topK errorCode outputPath files { name shape dtype bytes } progress { percent samplesDone samplesTotal }";
const START = `mutation($input: ExtractionInput!) { startExtraction(input: $input) { ${EXTRACTION_FIELDS} } }`;
const PROGRESS = `subscription($id: ID!) { extractionProgress(id: $id) { extractionId status progress { percent samplesDone samplesTotal } } }`;

describe("datasets", () => {
  it("imports an uploaded text file in the worker: sample count and preview", async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `sample number ${i}`);
    const result = await upload(new File([lines.join("\n")], "corpus.txt", { type: "text/plain" }), { name: "corpus" });
    expect(result.errors).toBeUndefined();
    datasetId = result.data!.importDataset.id;
    expect(result.data!.importDataset).toMatchObject({ name: "corpus", status: "DOWNLOADING", source: "upload" });
    const dataset = await eventually(async () => {
      const { dataset } = await ok(server.url, DATASET, { id: datasetId });
      return String(dataset.status) === "READY" ? dataset : undefined;
    });
    expect(dataset.sampleCount).toBe(40);
    expect(list(dataset.preview)).toHaveLength(10);
    expect(dataset.preview[0]).toBe("sample number 0");
    expect(existsSync(path.join(env.dataDir, "datasets", datasetId, "upload.txt"))).toBe(true);
    const client = wsClient(server.wsUrl);
    const [current] = await collect(client, `subscription($id: ID!) { datasetProgress(id: $id) { datasetId status percent } }`, { id: datasetId }, () => true);
    await client.dispose();
    expect(current.datasetProgress).toMatchObject({ datasetId, status: "READY", percent: 100 });
    expect(list((await ok(server.url, `{ datasets { id } }`)).datasets).map((d) => d.id)).toContain(datasetId);
  });

  it("rejects unknown file types and ambiguous input, naming the field", async () => {
    const exe = await upload(new File(["MZ"], "tool.exe"));
    expect(exe.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.file" });
    expect(await failure(server.url, `mutation { importDataset(input: {}) { id } }`)).toMatchObject({ code: "BAD_USER_INPUT", field: "input.file" });
    expect(await failure(server.url, `mutation { importDataset(input: {repoId: "bad repo"}) { id } }`)).toMatchObject({ code: "BAD_USER_INPUT", field: "input.repoId" });
  });
});

describe("extractions", () => {
  it("plans storage and time from the model's shape and the dataset's size", async () => {
    const { extractionPlan } = await ok(server.url, `query($input: ExtractionInput!) { extractionPlan(input: $input) { storageBytes estimatedSeconds estimateSource samples layers warnings freeDiskBytes } }`, {
      input: { modelId, datasetId, layerSelection: { lastPercent: 25 }, hookTypes: ["RESIDUAL", "MLP"], sequenceLength: 64 },
    });
    expect(extractionPlan.layers).toEqual([6, 7]);
    expect(extractionPlan.samples).toBe(40);
    // Two layers × two hooks of float32 [40, 64, 16], token ids and mask as int64 [40, 64], and a
    // 4 KiB .npy header on each of the six files (the data starts page-aligned).
    expect(Number(extractionPlan.storageBytes)).toBe(4 * 40 * 64 * 16 * 4 + 2 * 40 * 64 * 8 + 6 * 4096);
    expect(extractionPlan.estimateSource).toBe("first-run");
    expect(Number(extractionPlan.estimatedSeconds)).toBeGreaterThan(0);
  });

  it.each([
    [{ layers: [0, 8] }, "BAD_USER_INPUT", "input.layers"],
    [{ layers: [1], batchSize: 48 }, "BAD_USER_INPUT", "input.batchSize"],
    [{ layers: [1], batchSize: 0 }, "BAD_USER_INPUT", "input.batchSize"],
    [{ layers: [1], topK: 5 }, "BAD_USER_INPUT", "input.topK"],
    [{ layers: [1], sequenceLength: 257 }, "BAD_USER_INPUT", "input.sequenceLength"],
    [{ layers: [1], hookTypes: [] }, "BAD_USER_INPUT", "input.hookTypes"],
    [{}, "BAD_USER_INPUT", "input.layers"],
    [{ layers: [1], templateId: "00000000-0000-0000-0000-000000000000" }, "NOT_FOUND", "input.templateId"],
  ])("startExtraction(%j) → %s on %s", async (fields, code, field) => {
    expect(await failure(server.url, START, { input: { modelId, datasetId, hookTypes: ["RESIDUAL"], ...fields } })).toMatchObject({ code, field });
  });

  it("refuses models that are not READY", async () => {
    const { db } = await connect(env.databaseUrl);
    const busy = await db.model.create({ data: { repoId: "org/busy", name: "busy", requestedFormat: "Q4", format: "Q4", status: "QUANTIZING" } });
    await db.$disconnect();
    expect(await failure(server.url, START, { input: { modelId: busy.id, datasetId, layers: [0] } })).toMatchObject({ code: "CONFLICT", field: "input.modelId" });
  });

  let completedId: string;

  it("runs in the worker with a template filling the request: current state first, then progress, then files", async () => {
    const { createExtractionTemplate } = await ok(server.url, `mutation { createExtractionTemplate(input: {name: "every-layer", layerSelection: {every: 1}, hookTypes: [RESIDUAL, ATTENTION], batchSize: 8, sequenceLength: 32, topK: 50}) { id } }`);
    const extraction = (await ok(server.url, START, { input: { modelId: gpt2Id, datasetId, templateId: createExtractionTemplate.id } })).startExtraction;
    completedId = String(extraction.id);
    expect(extraction).toMatchObject({ status: "QUEUED", layers: [0, 1], hookTypes: ["RESIDUAL", "ATTENTION"], batchSize: 8, topK: 50 });

    const client = wsClient(server.wsUrl);
    const events = await collect(client, PROGRESS, { id: completedId }, (e) => String(e.extractionProgress.status) === "COMPLETED");
    await client.dispose();
    const statuses = [...new Set(events.map((e) => String(e.extractionProgress.status)))];
    expect(statuses).toEqual(["QUEUED", "INITIALIZING", "EXTRACTING", "COMPLETED"].slice(statuses[0] === "QUEUED" ? 0 : statuses[0] === "INITIALIZING" ? 1 : 2));
    expect(events.some((e) => String(e.extractionProgress.status) === "EXTRACTING" && Number(e.extractionProgress.progress.samplesDone) === 8)).toBe(true);

    const { extraction: done } = await ok(server.url, `query($id: ID!) { extraction(id: $id) { ${EXTRACTION_FIELDS} statistics model { id } dataset { id } completedAt } }`, { id: completedId });
    expect(done.outputPath).toBe(`activations/extraction_${completedId}`);
    expect(list(done.files).map((f) => f.name).sort()).toEqual([
      "attention_mask.npy", "input_ids.npy", "layer_0_attention.npy", "layer_0_residual.npy", "layer_1_attention.npy", "layer_1_residual.npy",
    ]);
    expect(list(done.files).find((f) => String(f.name) === "layer_1_residual.npy")!.shape).toEqual([40, 32, 64]);
    expect(Object.keys(done.statistics.taps).sort()).toEqual(["layer_0_attention", "layer_0_residual", "layer_1_attention", "layer_1_residual"]);
    expect(existsSync(path.join(env.dataDir, String(done.outputPath), "layer_1_residual.npy"))).toBe(true);
    expect(done.completedAt).not.toBeNull();
    expect(await failure(server.url, `mutation($id: ID!) { cancelExtraction(id: $id) { id } }`, { id: completedId })).toMatchObject({ code: "INVALID_TRANSITION" });
  });

  it("plans the next run of that model from the throughput the finished one measured", async () => {
    const PLAN = `query($input: ExtractionInput!) { extractionPlan(input: $input) { estimatedSeconds estimateSource } }`;
    const input = { modelId: gpt2Id, datasetId, layers: [1], hookTypes: ["RESIDUAL"], sequenceLength: 32 };
    const { extractionPlan } = await ok(server.url, PLAN, { input });
    expect(extractionPlan.estimateSource).toBe("calibrated");
    const { extraction } = await ok(server.url, `query($id: ID!) { extraction(id: $id) { metrics } }`, { id: completedId });
    // Same depth (two blocks) and sequence length: the measured tokens/s, as is.
    expect(Number(extractionPlan.estimatedSeconds)).toBeCloseTo((40 * 32) / Number(extraction.metrics.calibration.tokensPerSecond), 6);
    // Another format of the same model has no runs yet.
    const { db } = await connect(env.databaseUrl);
    await db.model.update({ where: { id: gpt2Id }, data: { format: "Q8" } });
    const other = (await ok(server.url, PLAN, { input })).extractionPlan;
    await db.model.update({ where: { id: gpt2Id }, data: { format: "Q4" } });
    await db.$disconnect();
    expect(other.estimateSource).toBe("first-run");
  });

  it("cancels a running extraction; the model cannot be deleted while it runs", async () => {
    // Long enough to be caught mid-run: thousands of single-sample batches.
    const bigId = await readyTextDataset(server.url, Array.from({ length: 10_000 }, (_, i) => `line ${i} of a longer corpus`), "big");
    const extraction = (await ok(server.url, START, { input: { modelId: gpt2Id, datasetId: bigId, layers: [1], batchSize: 1, sequenceLength: 16 } })).startExtraction;
    const id = String(extraction.id);
    const client = wsClient(server.wsUrl);
    await collect(client, PROGRESS, { id }, (e) => String(e.extractionProgress.status) === "EXTRACTING" && Number(e.extractionProgress.progress.samplesDone) >= 2);

    const blocked = (await ok(server.url, DELETE_MODEL, { id: gpt2Id })).deleteModel;
    expect(blocked).toMatchObject({ deleted: false, blocked: true });
    expect(String(blocked.blockedReasons[0])).toContain(id);

    const final = collect(client, PROGRESS, { id }, (e) => String(e.extractionProgress.status) === "CANCELLED");
    await ok(server.url, `mutation($id: ID!) { cancelExtraction(id: $id) { id status } }`, { id });
    const events = await final;
    await client.dispose();
    expect(events.at(-1)!.extractionProgress.status).toBe("CANCELLED");
    expect(Number(events.at(-2)!.extractionProgress.progress.samplesDone)).toBeLessThan(10_000);
    expect(existsSync(path.join(env.dataDir, "activations", `extraction_${id}`))).toBe(false);

    const { extractions } = await ok(server.url, `query($m: ID!) { extractions(modelId: $m) { id status } }`, { m: gpt2Id });
    expect(list(extractions).map((e) => [e.id, e.status])).toEqual([[id, "CANCELLED"], [completedId, "COMPLETED"]]);
    const cancelled = await ok(server.url, `{ extractions(status: CANCELLED) { id } }`);
    expect(list(cancelled.extractions).map((e) => e.id)).toEqual([id]);
  });

  it("keeps a dataset that extractions refer to; deleting the model cascades its extractions and their files", async () => {
    expect(await failure(server.url, `mutation($id: ID!) { deleteDataset(id: $id) }`, { id: datasetId })).toMatchObject({ code: "CONFLICT", field: "id" });
    const report = (await ok(server.url, DELETE_MODEL, { id: gpt2Id })).deleteModel;
    expect(report).toMatchObject({ deleted: true, blocked: false });
    expect(report.models[0].extractionCount).toBe(2);
    expect(list(report.models[0].paths)).toContain(`activations/extraction_${completedId}`);
    expect(existsSync(path.join(env.dataDir, "activations", `extraction_${completedId}`))).toBe(false);
    expect(existsSync(path.join(env.dataDir, "models", "quantized", `${gpt2Id}_Q4`))).toBe(false);
    expect((await ok(server.url, `query($id: ID!) { extraction(id: $id) { id } }`, { id: completedId })).extraction).toBeNull();
    expect((await ok(server.url, `mutation($id: ID!) { deleteDataset(id: $id) }`, { id: datasetId })).deleteDataset).toBe(true);
    expect(existsSync(path.join(env.dataDir, "datasets", datasetId))).toBe(false);
  });
});
