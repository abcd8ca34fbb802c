export { startHubServer, TEST_TOKENS, type HubServer, type HubServerOptions, type HubServerStats, type RequestRecord } from "./server.ts";
export { Faults, type FaultRule, type FaultKind } from "./faults.ts";
export { fixtureRepoId, SYNTHETIC_REPOS, TEST_OWNER, gitBlobSha1, sha256Of, type RepoSpec, type HostedRepo, type HostedFile, type FileSource } from "./repos.ts";
export { encodeSafetensors, decodeSafetensors, type RawTensor } from "./safetensors-bytes.ts";
