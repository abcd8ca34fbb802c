import { readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { QUANTIZATION_FORMATS } from "../../contracts/src/index.ts";
import { fixtureRepoId, startHubServer, SYNTHETIC_REPOS, TEST_TOKENS, type HubServer } from "../hub-server/index.ts";
import { FIXTURE_ARCHS, fixtureModelDir } from "../support/fixtures.ts";
import { assertStorageFits, clearPlanCache, planModel } from "../../worker/src/hub/plan-model.ts";
import { onTmpfs } from "../support/tmpfs.ts";
import { sha256Of } from "../support/hash.ts";
import { countParameters, tempDir } from "./helpers.ts";

let hub: HubServer;
let dataDir: string;

beforeAll(async () => {
  hub = await startHubServer();
  dataDir = await tempDir();
});
afterAll(async () => {
  await hub.close();
  await rm(dataDir, { recursive: true, force: true });
});
beforeEach(() => {
  clearPlanCache();
  hub.faults.clear();
  hub.stats.reset();
});

const plan = (repoId: string, extra: Partial<Parameters<typeof planModel>[0]> = {}) => planModel({ repoId, hubUrl: hub.url, dataDir, ...extra });

async function expectCode(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected a ${code} error`).toMatchObject({ code });
  return error as Error & { code: string; status?: number };
}

describe("planModel on every fixture architecture", () => {
  it.each(FIXTURE_ARCHS)("%s: files, sizes, sha256, revision and parameters match the checkpoint", async (arch) => {
    const dir = fixtureModelDir(arch);
    const weights = await readFile(path.join(dir, "model.safetensors"));
    const result = await plan(fixtureRepoId(arch));

    expect(result.revision).toBe(hub.repos.get(fixtureRepoId(arch))!.sha);
    expect(result.architecture).toBe(JSON.parse(await readFile(path.join(dir, "config.json"), "utf8")).model_type);
    expect(result.supported).toBe(true);
    const expectedPaths = ["config.json", "generation_config.json", "model.safetensors", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json"];
    expect(result.files.map((f) => f.path).sort()).toEqual(expectedPaths);
    for (const file of result.files) {
      expect(file.size, file.path).toBe((await stat(path.join(dir, file.path))).size);
    }
    expect(result.files.find((f) => f.path === "model.safetensors")!.sha256).toBe(sha256Of(weights));
    expect(result.files.find((f) => f.path === "config.json")!.sha256).toBeNull();
    expect(result.downloadBytes).toBe(result.files.reduce((sum, f) => sum + f.size, 0));

    const expectedCounts = countParameters(weights);
    expect(result.parametersByDType).toEqual(expectedCounts);
    expect(result.parameterCount).toBe(Object.values(expectedCounts).reduce((a, b) => a + b, 0));

    expect(result.formats.map((f) => f.format)).toEqual([...QUANTIZATION_FORMATS]);
    const q4 = result.formats.find((f) => f.format === "Q4")!;
    expect(q4.recommended).toBe(true);
    expect(result.formats.filter((f) => f.recommended)).toHaveLength(1);
    expect(result.formats.every((f) => f.fit === "GREEN")).toBe(true);
    expect(result.requiredDiskBytes).toBe(result.downloadBytes + q4.diskBytes);
  });

  it("a sharded checkpoint lists the index and both shards, counting parameters across them", async () => {
    const result = await plan(SYNTHETIC_REPOS.sharded);
    const hosted = hub.repos.get(SYNTHETIC_REPOS.sharded)!;
    const weightPaths = result.files.map((f) => f.path).filter((p) => p.includes("safetensors"));
    expect(weightPaths).toEqual(["model.safetensors.index.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]);
    for (const shard of weightPaths.slice(1)) {
      expect(result.files.find((f) => f.path === shard)!.sha256).toBe(hosted.files.get(shard)!.sha256);
    }
    // Same tensors as the single-file llama fixture, just split.
    const single = countParameters(await readFile(path.join(fixtureModelDir("llama"), "model.safetensors")));
    expect(result.parametersByDType).toEqual(single);
    expect(result.supported).toBe(true);
  });

  it("reads HF_ENDPOINT when no hubUrl is given", async () => {
    const saved = process.env.HF_ENDPOINT;
    process.env.HF_ENDPOINT = hub.url;
    try {
      const result = await planModel({ repoId: fixtureRepoId("gpt2"), dataDir });
      expect(result.repoId).toBe(fixtureRepoId("gpt2"));
    } finally {
      if (saved === undefined) delete process.env.HF_ENDPOINT;
      else process.env.HF_ENDPOINT = saved;
    }
  });
});

describe("planModel refusals and access", () => {
  it("gated without a token: GATED with the token page, the token format and the model page", async () => {
    const error = await expectCode(plan(SYNTHETIC_REPOS.gated), "GATED");
    expect(error.message).toMatch(/gated/);
    expect(error.message).toContain("https://huggingface.co/settings/tokens");
    expect(error.message).toContain("hf_");
    expect(error.message).toMatch(/request access/i);
    expect(error.message).toContain(`${hub.url}/${SYNTHETIC_REPOS.gated}`);
    expect(error.status).toBe(401);
  });

  it("gated with a token that was not granted: GATED (403)", async () => {
    const error = await expectCode(plan(SYNTHETIC_REPOS.gated, { accessToken: TEST_TOKENS.notGranted }), "GATED");
    expect(error.status).toBe(403);
    expect(error.message).not.toContain(TEST_TOKENS.notGranted);
  });

  it("gated with an unknown token: GATED, the token rejected", async () => {
    const error = await expectCode(plan(SYNTHETIC_REPOS.gated, { accessToken: TEST_TOKENS.unknown }), "GATED");
    expect(error.message).toMatch(/rejected/);
    expect(JSON.stringify(error)).not.toContain(TEST_TOKENS.unknown);
  });

  it("gated with a granted token: a full plan, and the cached plan is not served to a caller without one", async () => {
    const granted = await plan(SYNTHETIC_REPOS.gated, { accessToken: TEST_TOKENS.granted });
    expect(granted.gated).toBe(true);
    expect(granted.supported).toBe(true);
    await expectCode(plan(SYNTHETIC_REPOS.gated), "GATED");
    await expectCode(plan(SYNTHETIC_REPOS.gated, { accessToken: TEST_TOKENS.notGranted }), "GATED");
  });

  it("a token of the wrong shape is bad input and never sent", async () => {
    const error = await expectCode(plan(fixtureRepoId("gpt2"), { accessToken: "not-a-token" }), "BAD_USER_INPUT");
    expect(error).toMatchObject({ field: "accessToken" });
    expect(hub.stats.requests).toHaveLength(0);
  });

  it("a missing repo is NOT_FOUND; a private one without a token too (the Hub cannot tell them apart)", async () => {
    await expectCode(plan("mistudio-test/does-not-exist"), "NOT_FOUND");
    await expectCode(plan("mistudio-test/does-not-exist", { accessToken: TEST_TOKENS.granted }), "NOT_FOUND");
    await expectCode(plan(SYNTHETIC_REPOS.private), "NOT_FOUND");
    expect((await plan(SYNTHETIC_REPOS.private, { accessToken: TEST_TOKENS.granted })).supported).toBe(true);
  });

  it("an unknown revision is NOT_FOUND on the revision field", async () => {
    const error = await expectCode(plan(fixtureRepoId("gpt2"), { revision: "no-such-branch" }), "NOT_FOUND");
    expect(error).toMatchObject({ field: "revision" });
  });

  it("a malformed repo id is refused before any request", async () => {
    await expectCode(plan("../../etc/passwd"), "BAD_USER_INPUT");
    await expectCode(plan("justaname"), "BAD_USER_INPUT");
    expect(hub.stats.requests).toHaveLength(0);
  });

  it("an encoder-only (BERT) repo is planned but unsupported, with the reason", async () => {
    const result = await plan(SYNTHETIC_REPOS.bert);
    expect(result.supported).toBe(false);
    expect(result.architecture).toBe("bert");
    expect(result.unsupportedReason).toMatch(/bert/);
    expect(result.unsupportedReason).toMatch(/encoder/);
    expect(result.formats).toEqual([]);
    expect(result.parameterCount).toBeGreaterThan(0);
  });

  it("a repo with only pickled .bin weights is refused as unsafe", async () => {
    const error = await expectCode(plan(SYNTHETIC_REPOS.binOnly), "INCOMPATIBLE");
    expect(error.message).toContain("pytorch_model.bin");
    expect(error.message).toMatch(/pickle/);
    expect(error.message).toContain("weights_only");
    // Nothing but metadata was read: the pickle was never requested.
    expect(hub.stats.requests.some((r) => r.path.includes("pytorch_model.bin"))).toBe(false);
  });

  it("429 from the Hub is RATE_LIMITED with the Retry-After", async () => {
    hub.faults.add({ kind: "fail", status: 429, retryAfterSeconds: 7, api: true, repoId: fixtureRepoId("gpt2") });
    const error = await expectCode(plan(fixtureRepoId("gpt2")), "RATE_LIMITED");
    expect(error).toMatchObject({ retryAfterSeconds: 7, status: 429 });
  });

  it("a Hub that cannot be reached is UNAVAILABLE", async () => {
    const down = await startHubServer({ repos: [] });
    const url = down.url;
    await down.close();
    await expectCode(planModel({ repoId: fixtureRepoId("gpt2"), hubUrl: url, dataDir }), "UNAVAILABLE");
  });
});

describe("planModel cache, fit and storage", () => {
  it("answers a repeat call for the same revision from the cache (model info only)", async () => {
    await plan(fixtureRepoId("llama"));
    const first = hub.stats.requests.length;
    hub.stats.reset();
    const again = await plan(fixtureRepoId("llama"));
    expect(first).toBeGreaterThan(2);
    expect(hub.stats.requests.map((r) => r.path.split("?")[0])).toEqual([`/api/models/${fixtureRepoId("llama")}/revision/main`]);
    expect(again.parameterCount).toBeGreaterThan(0);
  });

  it("grades fit against the configured budget: GREEN < 2/3, YELLOW up to it, RED above; Q4 recommended only if it fits", async () => {
    const base = await plan(fixtureRepoId("llama"));
    const q4 = base.formats.find((f) => f.format === "Q4")!;
    const yellow = await plan(fixtureRepoId("llama"), { deviceBudgetBytes: q4.memoryBytes * 1.2 });
    expect(yellow.formats.find((f) => f.format === "Q4")!.fit).toBe("YELLOW");
    expect(yellow.formats.find((f) => f.format === "Q4")!.recommended).toBe(true);
    const red = await plan(fixtureRepoId("llama"), { deviceBudgetBytes: q4.memoryBytes - 1 });
    expect(red.formats.find((f) => f.format === "Q4")!.fit).toBe("RED");
    expect(red.formats.some((f) => f.recommended)).toBe(false);
    expect(red.deviceBudgetBytes).toBe(q4.memoryBytes - 1);
  });

  it("measures free disk on the data directory: INSUFFICIENT below the need, a warning under 10 GiB", async () => {
    await onTmpfs("300k", "the storage verdicts", async (small) => {
      const tooBig = await plan(fixtureRepoId("llama"), { dataDir: path.join(small, "data") });
      expect(tooBig.freeDiskBytes).toBeLessThanOrEqual(300 * 1024);
      expect(tooBig.storage).toBe("INSUFFICIENT");
      expect(tooBig.warnings.join(" ")).toMatch(/Not enough free disk/);
      expect(() => assertStorageFits(tooBig)).toThrow(expect.objectContaining({ code: "INSUFFICIENT_STORAGE" }));
      const fits = await plan(SYNTHETIC_REPOS.bert, { dataDir: small });
      expect(fits.storage).toBe("LOW");
      expect(fits.warnings.join(" ")).toMatch(/low/);
      expect(() => assertStorageFits(fits)).not.toThrow();
    });
  });
});
