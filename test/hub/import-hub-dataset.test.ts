/**
 * Hub dataset import end to end: the real HubDatasetClient (worker/src/hub, repo type "dataset")
 * against the local Hub's dataset repos. Expectations come from the rows the server encoded
 * (DATASET_ROWS), and "nothing left behind" is checked on disk.
 */
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DATASET_REPOS, DATASET_ROWS, fixtureRepoId, repoKey, startHubServer, TEST_TOKENS, type HubServer } from "../hub-server/index.ts";
import { createHubDatasetClient, importHubDataset, type HubDatasetClientOptions, type ImportHubDatasetOptions } from "../../worker/src/datasets/hub-dataset.ts";
import { readDatasetManifest, readSamples } from "../../worker/src/datasets/store.ts";
import { tempDir } from "./helpers.ts";

let hub: HubServer;
let work: string;

beforeAll(async () => {
  // A developer's own HF_TOKEN must not turn the "no token" cases into token cases.
  vi.stubEnv("HF_TOKEN", "");
  hub = await startHubServer();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await hub.close();
});
beforeEach(async () => {
  hub.faults.clear();
  hub.stats.reset();
  work = await tempDir("hub-dataset-");
});
afterEach(() => rm(work, { recursive: true, force: true }));

const outDir = () => path.join(work, "datasets", "d1");
const tempOf = () => path.join(work, "temp");

function run(repoId: string, extra: Partial<ImportHubDatasetOptions> = {}, client: HubDatasetClientOptions = {}) {
  return importHubDataset({
    repoId,
    client: createHubDatasetClient({ hubUrl: hub.url, transfer: { backoffMs: 10 }, ...client }),
    outDir: outDir(),
    tempDir: tempOf(),
    ...extra,
  });
}

/** The texts of these files of a repo, in this order: what the import must produce. */
const textsOf = (repoId: string, files: string[]) => files.flatMap((file) => DATASET_ROWS[repoId][file].map((row) => row.text));

async function samples(dir: string): Promise<string[]> {
  const texts: string[] = [];
  for await (const text of readSamples(dir)) texts.push(text);
  return texts;
}

async function expectCode(promise: Promise<unknown>, code: string) {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error, `expected a ${code} error`).toMatchObject({ code });
  return error as Error & { code: string; field?: string };
}

/** Everything under `dir` (recursive), [] when it does not exist. */
const leftovers = (dir: string) => readdir(dir, { recursive: true }).catch(() => [] as string[]);

async function expectNothingLeftBehind() {
  expect(await leftovers(outDir())).toEqual([]);
  expect(await leftovers(tempOf())).toEqual([]);
}

describe("importHubDataset over the Hub client", () => {
  it("imports a sharded parquet split in shard order, pinned to the commit, fetching only that split", async () => {
    const repo = DATASET_REPOS.parquet;
    const shards = ["data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet"];
    const phases = new Set<string>();
    const result = await run(repo, { onProgress: (p) => phases.add(p.phase) });
    const expected = textsOf(repo, shards);
    expect(result).toMatchObject({ sampleCount: expected.length, split: "train", files: shards, revision: hub.repos.get(repoKey("dataset", repo))!.sha });
    expect(await samples(outDir())).toEqual(expected);
    expect((await readDatasetManifest(outDir())).source).toMatchObject({ kind: "hub", repoId: repo, split: "train", files: shards, revision: result.revision });
    expect([...phases]).toEqual(["download", "import"]);
    // Parquet is LFS: it came from the CDN's dataset path, and nothing else was fetched.
    expect(hub.stats.requests.filter((r) => r.origin === "cdn").map((r) => r.path.split("?")[0])).toEqual(
      expect.arrayContaining(shards.map((file) => expect.stringMatching(new RegExp(`^/cdn/datasets/${repo}/[0-9a-f]{64}/${file}$`)))),
    );
    expect(hub.stats.bytesServed(repo, "data/test-00000-of-00001.parquet")).toBe(0);
    expect(hub.stats.cdnAuthorizations).toEqual([]);
    // The downloaded shards were inputs only: gone once the dataset is stored.
    expect(await leftovers(tempOf())).toEqual([]);
  });

  it("imports a named config and a JSON lines split (plain git files, verified by blob id)", async () => {
    const wiki = await run(DATASET_REPOS.parquet, { config: "wiki" });
    expect(wiki.sampleCount).toBe(textsOf(DATASET_REPOS.parquet, ["wiki/train-00000-of-00001.parquet"]).length);
    await rm(outDir(), { recursive: true });

    const expected = textsOf(DATASET_REPOS.jsonl, ["validation.jsonl"]);
    const result = await run(DATASET_REPOS.jsonl, { split: "validation" });
    expect(result).toMatchObject({ sampleCount: expected.length, split: "validation", files: ["validation.jsonl"] });
    expect(await samples(outDir())).toEqual(expected);
    expect(hub.stats.requests.some((r) => r.path.startsWith(`/api/resolve-cache/datasets/${DATASET_REPOS.jsonl}/`))).toBe(true);
  });

  it("names the splits for a missing one, before downloading anything", async () => {
    const error = await expectCode(run(DATASET_REPOS.parquet, { split: "dev" }), "BAD_USER_INPUT");
    expect(error.field).toBe("split");
    expect(error.message).toContain("test, train");
    expect(hub.stats.totalBytesServed()).toBe(0);
    await expectNothingLeftBehind();
  });

  it("rejects a column the parquet files do not have, removing what it downloaded", async () => {
    const error = await expectCode(run(DATASET_REPOS.parquet, { textField: "content" }), "BAD_USER_INPUT");
    expect(error.field).toBe("textField");
    expect(hub.stats.totalBytesServed()).toBeGreaterThan(0);
    await expectNothingLeftBehind();
  });

  it("needs a granted token for a gated dataset, and imports with one", async () => {
    const repo = DATASET_REPOS.gated;
    const error = await expectCode(run(repo), "GATED");
    expect(error.field).toBe("accessToken");
    expect(error.message).toContain(`${hub.url}/datasets/${repo}`);
    await expectNothingLeftBehind();
    await expectCode(run(repo, {}, { token: TEST_TOKENS.notGranted }), "GATED");

    const result = await run(repo, {}, { token: TEST_TOKENS.granted });
    expect(result.sampleCount).toBe(textsOf(repo, ["data/train-00000-of-00001.parquet"]).length);
  });

  it("keeps datasets and models apart: a model id is not a dataset", async () => {
    const error = await expectCode(run(fixtureRepoId("gpt2")), "NOT_FOUND");
    expect(error.field).toBe("repoId");
    await expectCode(run("mistudio-test/no-such-dataset"), "NOT_FOUND");
    await expectNothingLeftBehind();
  });

  it("keeps finished shards after a network failure so the retried job fetches only the rest", async () => {
    const repo = DATASET_REPOS.parquet;
    const [first, second] = ["data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet"];
    hub.faults.add({ kind: "fail", status: 503, repoId: repo, path: second, times: 50 });
    await expectCode(run(repo, {}, { transfer: { retries: 1, backoffMs: 10 } }), "UNAVAILABLE");
    expect(await leftovers(outDir())).toEqual([]);
    const firstSize = hub.repos.get(repoKey("dataset", repo))!.files.get(first)!.size;
    expect(hub.stats.bytesServed(repo, first)).toBe(firstSize);

    hub.faults.clear();
    const result = await run(repo);
    expect(result.sampleCount).toBe(textsOf(repo, [first, second]).length);
    expect(hub.stats.bytesServed(repo, first)).toBe(firstSize);
    expect(await leftovers(tempOf())).toEqual([]);
  });

  it("rejects a malformed token before sending anything", async () => {
    expect(() => createHubDatasetClient({ hubUrl: hub.url, token: "not-a-token" })).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", field: "accessToken" }));
    expect(hub.stats.requests).toEqual([]);
  });
});
