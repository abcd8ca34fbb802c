/** The Hub client's repo type against the local Hub: dataset info, paged dataset trees, separate namespaces. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATASET_REPOS, fixtureRepoId, repoKey, startHubServer, type HubServer } from "../hub-server/index.ts";
import { fetchRepoInfo, listRepoFiles } from "../../worker/src/hub/index.ts";

let hub: HubServer;
// Pages of 2 entries: a dataset tree must follow the Hub's `Link: rel="next"` under /api/datasets/.
beforeAll(async () => void (hub = await startHubServer({ treePageSize: 2 })));
afterAll(() => hub.close());

describe("dataset repos through the Hub client", () => {
  it("pins a dataset to its commit and lists every file across pages, with LFS sha256 for parquet", async () => {
    const access = { hubUrl: hub.url };
    const hosted = hub.repos.get(repoKey("dataset", DATASET_REPOS.parquet))!;
    const info = await fetchRepoInfo({ repoId: DATASET_REPOS.parquet, repoType: "dataset", access });
    expect(info).toEqual({ repoId: DATASET_REPOS.parquet, repoType: "dataset", sha: hosted.sha, gated: false, private: false });
    const files = await listRepoFiles({ repoId: DATASET_REPOS.parquet, repoType: "dataset", revision: info.sha, access });
    expect(files.map((f) => f.path).sort()).toEqual([...hosted.files.keys()].sort());
    for (const file of files) expect(file.lfsSha256).toBe(hosted.files.get(file.path)!.sha256);
    expect(files.filter((f) => f.lfsSha256).map((f) => f.path)).toEqual(expect.arrayContaining(["data/test-00000-of-00001.parquet"]));
    expect(hub.stats.requests.filter((r) => r.path.startsWith(`/api/datasets/${DATASET_REPOS.parquet}/tree/`)).length).toBeGreaterThan(1);
  });

  it("reports a gated dataset's info publicly, like a gated model", async () => {
    const info = await fetchRepoInfo({ repoId: DATASET_REPOS.gated, repoType: "dataset", access: { hubUrl: hub.url } });
    expect(info.gated).toBe("manual");
  });

  it("does not find a model under the dataset namespace, nor a dataset under the model one", async () => {
    const access = { hubUrl: hub.url };
    await expect(fetchRepoInfo({ repoId: fixtureRepoId("gpt2"), repoType: "dataset", access })).rejects.toMatchObject({ code: "NOT_FOUND", field: "repoId" });
    await expect(fetchRepoInfo({ repoId: DATASET_REPOS.jsonl, access })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
