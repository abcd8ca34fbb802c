/**
 * The job pipeline under stress, with real worker processes and the local Hub: cancelling a
 * running and a queued job, retrying a cancelled download, and a worker killed with SIGKILL
 * mid-download whose job another worker recovers (BullMQ stalled-job check) and resumes.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, eventually, ok, wsClient } from "../support/graphql.ts";
import type { InProcessServer } from "../support/in-process.ts";
import type { Child } from "../support/processes.ts";
import { connect } from "../support/db.ts";
import { throttleDownloads } from "../support/hub.ts";
import { fixtureRepoId, SYNTHETIC_REPOS, TEST_TOKENS, type HubServer } from "../hub-server/index.ts";
import type { TestEnv } from "../support/test-env.ts";
import { startJobPipeline, type JobPipeline } from "../support/job-pipeline.ts";
import { CANCEL_MODEL, DOWNLOAD, MODEL, MODEL_PROGRESS } from "./operations.ts";

let pipeline: JobPipeline;
let env: TestEnv;
let server: InProcessServer;
let hub: HubServer;
let workers: Child[];

beforeAll(async () => {
  // The 518 kB checkpoint at 100 kB/s: a download runs for about 5 seconds.
  pipeline = await startJobPipeline({ prepareHub: (h) => throttleDownloads(h, 100_000) });
  ({ env, server, hub, workers } = pipeline);
});

afterAll(() => pipeline?.stop());

const worker = () => pipeline.addWorker();

const download = async () => (await ok(server.url, DOWNLOAD, { input: { repoId: fixtureRepoId("gpt2"), quantization: "Q8" } })).downloadModel;
const statusOf = async (id: string) => (await ok(server.url, MODEL, { id })).model;

/** Resolves once the worker has published download progress with more than `bytes` done. */
function whenDownloading(id: string, bytes = 0) {
  const client = wsClient(server.wsUrl);
  return collect(client, MODEL_PROGRESS, { id }, (e) => String(e.modelProgress.status) === "DOWNLOADING" && Number(e.modelProgress.progress.bytesDone) > bytes).finally(() => client.dispose());
}

describe("cancellation", () => {
  let cancelledId: string;

  it("reaches a running download: the worker stops, the model ends ERROR/CANCELLED, nothing half-written stays", async () => {
    const running = await worker();
    const { model, jobId } = await download();
    cancelledId = String(model.id);
    await whenDownloading(cancelledId);

    const client = wsClient(server.wsUrl);
    const final = collect(client, MODEL_PROGRESS, { id: cancelledId }, (e) => String(e.modelProgress.status) === "ERROR", 20_000);
    const answer = (await ok(server.url, CANCEL_MODEL, { id: cancelledId })).cancelModelJob;
    // Signalled, so still DOWNLOADING: the worker writes the outcome after cleaning up.
    expect(answer.status, `cancel log: ${server.output().split("\n").filter((line) => line.includes("cancel")).join("\n")}`).toBe("DOWNLOADING");
    const events = await final;
    await client.dispose();
    expect(events.at(-1)!.modelProgress.errorCode).toBe("CANCELLED");

    expect(existsSync(path.join(env.dataDir, "models", "raw", cancelledId))).toBe(false);
    expect(existsSync(path.join(env.dataDir, "temp", String(jobId)))).toBe(false);
    await eventually(async () => (running.output().includes("cancelling running job") ? true : undefined));
    // Not retried: BullMQ records one attempt and a failed job.
    const queue = new Queue("downloads", { connection: new Redis(env.redisUrl, { maxRetriesPerRequest: null }), prefix: env.redisPrefix });
    // The row's final status is written just before BullMQ moves the job to failed.
    const job = await eventually(async () => {
      const current = await queue.getJob(String(jobId));
      return (await current?.getState()) === "failed" ? current : undefined;
    }, 10_000);
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/^CANCELLED/);
    await queue.close();
  });

  it("removes a queued job at once (the worker is busy with another download)", async () => {
    const busy = await download();
    await whenDownloading(String(busy.model.id));
    const queued = await download();
    const cancelled = (await ok(server.url, CANCEL_MODEL, { id: queued.model.id })).cancelModelJob;
    expect(cancelled).toMatchObject({ status: "ERROR", errorCode: "CANCELLED" });
    const { system } = await ok(server.url, `{ system { queues { queue waiting } } }`);
    expect(system.queues[0]).toMatchObject({ queue: "downloads", waiting: 0 });
    await eventually(async () => (String((await statusOf(String(busy.model.id))).status) === "READY" ? true : undefined), 60_000);
    expect((await statusOf(String(queued.model.id))).status).toBe("ERROR");
  });

  it("a cancelled download can be retried and completes", async () => {
    const { retryModelDownload } = await ok(server.url, `mutation($id: ID!) { retryModelDownload(id: $id) { jobId model { status errorCode } } }`, { id: cancelledId });
    expect(retryModelDownload.model).toMatchObject({ status: "DOWNLOADING", errorCode: null });
    await eventually(async () => (String((await statusOf(cancelledId)).status) === "READY" ? true : undefined), 60_000);
    expect(readdirSync(path.join(env.dataDir, "models", "raw", cancelledId))).toContain("model.safetensors");
  });
});

/** Keys under this file's prefix whose value (string, hash, list, set or sorted set) contains `text`. */
async function keysHolding(redis: Redis, text: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${env.redisPrefix}*`, "COUNT", 500);
    for (const key of keys) {
      const type = await redis.type(key);
      const value =
        type === "string" ? await redis.get(key)
        : type === "hash" ? JSON.stringify(await redis.hgetall(key))
        : type === "list" ? JSON.stringify(await redis.lrange(key, 0, -1))
        : type === "set" ? JSON.stringify(await redis.smembers(key))
        : type === "zset" ? JSON.stringify(await redis.zrange(key, 0, -1))
        : "";
      if (value?.includes(text)) found.push(key);
    }
    cursor = next;
  } while (cursor !== "0");
  return found;
}

describe("Hub tokens", () => {
  it("live only in a short-lived Redis key while the job runs: never in job data, rows, other keys or logs", async () => {
    // A private repo: the plan and the download succeed only if the token reaches both.
    const token = TEST_TOKENS.granted;
    const { downloadModel } = await ok(server.url, DOWNLOAD, { input: { repoId: SYNTHETIC_REPOS.private, quantization: "Q4", accessToken: token } });
    const redis = new Redis(env.redisUrl);
    const queue = new Queue("downloads", { connection: redis, prefix: env.redisPrefix });
    const job = await queue.getJob(String(downloadModel.jobId));
    const key = String(job?.data.secretKey);
    expect(JSON.stringify(job?.data)).not.toContain(token);
    expect(await redis.get(key)).toBe(token);
    expect(await redis.ttl(key)).toBeGreaterThan(3600);
    await eventually(async () => (String((await statusOf(String(downloadModel.model.id))).status) === "READY" ? true : undefined), 60_000);
    expect(await redis.exists(key)).toBe(0);
    const { db } = await connect(env.databaseUrl);
    const rows = await db.$queryRaw<Array<{ hits: bigint }>>`SELECT count(*) AS hits FROM "Model" WHERE "Model"::text LIKE ${`%${token}%`}`;
    await db.$disconnect();
    expect(Number(rows[0].hits)).toBe(0);
    expect(await keysHolding(redis, token)).toEqual([]);
    expect(server.output() + workers.map((w) => w.output()).join("")).not.toContain(token);
    await queue.close();
    redis.disconnect();
  });
});

describe("a worker killed mid-job", () => {
  it("leaves the job to another worker, which resumes the download where it stopped", async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    const doomed = await worker();
    hub.stats.reset();
    const { model, jobId } = await download();
    const id = String(model.id);
    const KILLED_AFTER = 200_000;
    await whenDownloading(id, KILLED_AFTER);
    await doomed.kill(); // SIGKILL: no cleanup, the job's lock simply stops being renewed
    workers.splice(workers.indexOf(doomed), 1);
    expect((await statusOf(id)).status).toBe("DOWNLOADING");

    const rescuer = await worker();
    const ready = await eventually(async () => {
      const current = await statusOf(id);
      return String(current.status) === "READY" ? current : undefined;
    }, 90_000);
    expect(ready.architectureName).toBe("gpt2");
    expect(rescuer.output()).toContain(String(jobId));
    expect(readdirSync(path.join(env.dataDir, "models", "raw", id))).toContain("model.safetensors");
    // Resumed from the bytes on disk: a restart from zero would serve the first 200 kB twice.
    const weights = hub.repos.get(fixtureRepoId("gpt2"))!.files.get("model.safetensors")!.size;
    expect(hub.stats.bytesServed(fixtureRepoId("gpt2"), "model.safetensors")).toBeLessThan(weights + KILLED_AFTER / 2);
  });
});
