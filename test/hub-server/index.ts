/**
 * The local Hub for tests, e2e runs and benchmarks. Typical use:
 *
 *   const hub = await startHubServer();            // fixtures as mistudio-test/tiny-{gpt2,llama,…}
 *   process.env.HF_ENDPOINT = hub.url;             // the product code is unchanged
 *   hub.faults.add({ kind: "drop", afterBytes: 100_000, path: "model.safetensors" });
 *   hub.stats.bytesServed(repoId, "model.safetensors");
 *   await hub.close();
 *
 * Repos: fixtureRepoId(arch) for each fixture, SYNTHETIC_REPOS.{sharded,gated,private,binOnly,bert};
 * dataset repos DATASET_REPOS.{parquet,jsonl,gated} (rows of each file in DATASET_ROWS);
 * `hub.repos` is keyed by Hub path: repoKey("dataset", id) = `datasets/${id}`.
 * TEST_TOKENS.granted reads gated/private repos, .notGranted is a valid account without access,
 * .unknown is rejected as invalid. `extraRepos` adds repos (a file may live on disk: { filePath }).
 * Out of process: `node --import tsx test/hub-server/cli.ts` prints { url, cdnUrl }.
 */
export { startHubServer, TEST_TOKENS, type HubServer, type HubServerOptions, type HubServerStats, type RequestRecord } from "./server.ts";
export { Faults, type FaultRule, type FaultKind } from "./faults.ts";
export { sha256Of } from "../support/hash.ts";
export { fixtureRepoId, SYNTHETIC_REPOS, TEST_OWNER, gitBlobSha1, repoKey, type RepoSpec, type HostedRepo, type HostedRepoType, type HostedFile, type FileSource } from "./repos.ts";
export { DATASET_REPOS, DATASET_ROWS, type DatasetRow } from "./dataset-repos.ts";
export { encodeSafetensors, decodeSafetensors, type RawTensor } from "./safetensors-bytes.ts";
