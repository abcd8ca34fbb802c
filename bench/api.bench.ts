/**
 * `npm run bench:api`: API latency with 1,000 models in a fresh database (prints, asserts nothing).
 *   1. models(first: 50): the most req/s (autocannon, 20 connections, 10 s, closed loop), then
 *      p50/p95 with requests paced at 200 req/s for 10 s (open loop)
 *   2. model(id) { architecture }: p95 over 500 sequential requests
 *   3. progress PUBLISH → graphql-ws subscriber: p50/p95 over 1,000 events
 * Goals (issue #2): p95 ≤ 20 ms at ≥ 200 req/s; progress p95 ≤ 50 ms.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { Redis } from "ioredis";
import pg from "pg";
import { channelName, TOPICS, type ArchitectureRecord, type ModelProgressEvent } from "../contracts/src/index.ts";
import { deployMigrations } from "../scripts/lib/schema-engine.ts";
import { createDb } from "../server/src/db.ts";
import { startServer } from "../test/support/processes.ts";
import { wsClient } from "../test/support/graphql.ts";

// autocannon ships no types; the little used here is declared by hand.
interface AutocannonResult {
  requests: { average: number; total: number };
  errors: number;
  non2xx: number;
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: "response", listener: (client: unknown, status: number, bytes: number, responseTime: number) => void): void;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (options: Record<string, unknown>) => AutocannonInstance;

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const MODELS = 1_000;
/** API processes behind the port (API_PROCESSES, node:cluster); on these 2 shared cores one does best. */
const API_PROCESSES = process.env.API_PROCESSES ?? "1";

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value: number) => `${value.toFixed(2)} ms`;
const row = (what: string, value: string, goal: string, met: boolean) => console.log(`${what.padEnd(44)} ${value.padStart(14)}   goal ${goal.padEnd(12)} ${met ? "met" : "MISSED"}`);

async function pacedLoad(send: () => Promise<unknown>, perSecond: number, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < perSecond * seconds; i++) {
    const due = start + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    pending.push(send().then(() => void latencies.push(performance.now() - sent), () => void errors++));
  }
  await Promise.all(pending);
  return { latencies, errors, rate: latencies.length / ((performance.now() - start) / 1000) };
}

function architecture(i: number): ArchitectureRecord {
  const numLayers = 12 + (i % 20);
  return {
    modelType: ["llama", "gpt2", "qwen2", "mistral", "phi"][i % 5], architectures: ["LlamaForCausalLM"], supported: true, numLayers, hiddenSize: 2048,
    numHeads: 32, numKvHeads: 4, headDim: 64, intermediateSize: 5632, vocabSize: 32000, maxPositions: 2048, activation: "silu", normType: "rmsnorm",
    normEpsilon: 1e-5, ropeTheta: 10000, rotaryDim: 64, parallelResidual: false, tiedEmbeddings: false, parameterCount: 1_100_000_000,
    layers: Array.from({ length: numLayers + 3 }, (_, index) => ({ index, kind: "TransformerBlock", name: `layers.${index}`, parameterCount: 44_000_000, attention: "32 heads × 64 (4 kv heads)", mlp: "2048 → 5632 → 2048 (SwiGLU)" })),
    config: { model_type: "llama", num_hidden_layers: numLayers },
  };
}

async function main(): Promise<void> {
  const database = `mistudio_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const dataDir = await mkdtemp(path.join(tmpdir(), "mistudio-bench-"));
  const redisPrefix = `mistudio-bench:${database}`;
  let stopServer = async () => {};
  try {
    await deployMigrations(databaseUrl);
    const db = createDb(databaseUrl);
    const formats = ["FP32", "FP16", "Q8", "Q4", "Q2"] as const;
    await db.model.createMany({
      data: Array.from({ length: MODELS }, (_, i) => {
        const arch = architecture(i);
        return {
          repoId: `org${i % 37}/model-${i}`, name: `model-${i}`, requestedFormat: formats[i % 5], format: formats[i % 5], status: i % 10 ? ("READY" as const) : ("ERROR" as const),
          architecture: arch as object, architectureName: arch.modelType, parameterCount: BigInt(arch.parameterCount), rawBytes: 2_200_000_000n, variantBytes: 700_000_000n,
        };
      }),
    });
    const ids = (await db.model.findMany({ select: { id: true } })).map((m) => m.id);
    await db.$disconnect();

    const server = await startServer({ DATABASE_URL: databaseUrl, REDIS_URL: REDIS_URL, REDIS_PREFIX: redisPrefix, DATA_DIR: dataDir, LOG_LEVEL: "warn", API_PROCESSES });
    if (API_PROCESSES !== "1") await new Promise((resolve) => setTimeout(resolve, 3000)); // every forked API process listening
    stopServer = () => server.stop();
    const post = (query: string, variables: Record<string, unknown> = {}) =>
      fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) }).then((r) => r.json());

    // 1. models(first: 50) under load
    const LIST = `{ models(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id repoId name status format architectureName parameterCount diskBytes createdAt } } } }`;
    for (let i = 0; i < 50; i++) await post(LIST); // warm-up: JIT, connection pool, query plans
    // Closed loop (each of 20 connections sends as soon as it is answered): the most the API serves.
    const latencies: number[] = [];
    const instance = autocannon({ url: server.url, method: "POST", connections: 20, duration: 10, headers: { "content-type": "application/json" }, body: JSON.stringify({ query: LIST }) });
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
    const saturated = { result: await instance, latencies };
    // Open loop at the goal's rate: one request every 5 ms for 10 s, whether or not earlier ones
    // were answered (autocannon's overallRate sends in bursts, which measures its own queueing).
    const paced = await pacedLoad(() => post(LIST), 200, 10);

    // 2. model(id) { architecture }, sequential
    const DETAIL = `query($id: ID!) { model(id: $id) { id architecture { modelType numLayers hiddenSize layers { index kind name parameterCount } config } } }`;
    const detail: number[] = [];
    for (let i = 0; i < 500; i++) {
      const started = performance.now();
      await post(DETAIL, { id: ids[i % ids.length] });
      detail.push(performance.now() - started);
    }

    // 3. progress PUBLISH → graphql-ws subscriber
    const publisher = new Redis(REDIS_URL);
    const client = wsClient(server.wsUrl);
    const modelId = ids[0];
    const delays: number[] = [];
    const EVENTS = 1_000;
    const received = new Promise<void>((resolve, reject) => {
      let first = true;
      client.subscribe<{ modelProgress: { progress: { message: string | null } } }>(
        { query: `subscription($id: ID!) { modelProgress(id: $id) { status progress { percent message } } }`, variables: { id: modelId } },
        {
          next: ({ data }) => {
            if (first) return void (first = false); // the current state from the database
            const sentAt = Number(data!.modelProgress.progress.message);
            delays.push(performance.timeOrigin + performance.now() - sentAt);
            if (delays.length === EVENTS) resolve();
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 500)); // subscription established
    const channel = channelName(redisPrefix, TOPICS.modelProgress, modelId);
    for (let i = 0; i < EVENTS; i++) {
      const event: ModelProgressEvent = {
        modelId, status: "READY", phase: "download", percent: (100 * i) / EVENTS, bytesDone: i, bytesTotal: EVENTS, speed: null, etaSeconds: null,
        currentFile: null, message: String(performance.timeOrigin + performance.now()), errorCode: null, resources: null, at: new Date().toISOString(),
      };
      await publisher.publish(channel, JSON.stringify(event));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await received;
    await client.dispose();
    publisher.disconnect();

    console.log(`\nAPI benchmark: ${MODELS} models, ${API_PROCESSES} API process(es), PostgreSQL ${ADMIN_URL.replace(/\/\/.*@/, "//")}, Node ${process.versions.node}\n`);
    const rps = saturated.result.requests.average;
    row("models(first: 50) max throughput (20 conn)", `${rps.toFixed(0)} req/s`, "≥ 200 req/s", rps >= 200);
    row("  p50 / p95 at max throughput", `${ms(percentile(saturated.latencies, 50))} / ${ms(percentile(saturated.latencies, 95))}`, "", true);
    console.log(`${"  (requests, errors, non-2xx)".padEnd(44)} ${saturated.result.requests.total} / ${saturated.result.errors} / ${saturated.result.non2xx}`);
    row("models(first: 50) paced 200 req/s: p50", ms(percentile(paced.latencies, 50)), "", true);
    row("models(first: 50) paced 200 req/s: p95", ms(percentile(paced.latencies, 95)), "≤ 20 ms", percentile(paced.latencies, 95) <= 20);
    console.log(`${"  (answered, errors, achieved rate)".padEnd(44)} ${paced.latencies.length} / ${paced.errors} / ${paced.rate.toFixed(0)} req/s`);
    row("model(id){architecture} p50", ms(percentile(detail, 50)), "", true);
    row("model(id){architecture} p95", ms(percentile(detail, 95)), "≤ 20 ms", percentile(detail, 95) <= 20);
    row("progress publish → graphql-ws p50", ms(percentile(delays, 50)), "", true);
    row("progress publish → graphql-ws p95", ms(percentile(delays, 95)), "≤ 50 ms", percentile(delays, 95) <= 50);
    console.log(`${"  (events received)".padEnd(44)} ${delays.length} / ${EVENTS}\n`);
  } finally {
    await stopServer();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${redisPrefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
