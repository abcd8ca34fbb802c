/** Hub operation: a repo's (model's or dataset's) metadata at a revision, above all the commit sha it resolves to. */
import { datasetInfo, modelInfo } from "@huggingface/hub";
import { CodedError } from "../../../contracts/src/index.ts";
import type { HubAccess } from "./hub-access.ts";
import { createHubFetch } from "./hub-fetch.ts";
import { DEFAULT_REPO_TYPE, type RepoType } from "./repo-type.ts";

export interface RepoInfo {
  readonly repoId: string;
  readonly repoType: RepoType;
  /** Full commit sha: every later request is pinned to it, so a plan and its download agree. */
  readonly sha: string;
  readonly gated: false | "auto" | "manual";
  readonly private: boolean;
}

/** The Hub's repo id rule; checked before anything is sent so a path can never be smuggled in. */
const REPO_ID_PATTERN = /^[A-Za-z0-9_-]+\/[A-Za-z0-9_.-]+$/;
const COMMIT_SHA_PATTERN = /^[0-9a-f]{40}$/;

export function assertRepoId(repoId: string): void {
  if (repoId.length > 500 || !REPO_ID_PATTERN.test(repoId) || repoId.includes("..")) {
    throw new CodedError("BAD_USER_INPUT", `"${repoId.slice(0, 100)}" is not a Hub repository id (owner/name).`, "repoId");
  }
}

interface InfoRequest {
  name: string;
  revision: string;
  hubUrl: string;
  fetch: typeof fetch;
}

/** What we read from either info endpoint; `sha` is asked for explicitly (not in the default expand). */
type InfoAnswer = { sha?: unknown; gated: false | "auto" | "manual"; private: boolean };

// The library has one function per repo type (`/api/models/…`, `/api/datasets/…`); both take the
// same request and answer with the same fields we need.
const FETCH_INFO: Readonly<Record<RepoType, (request: InfoRequest) => Promise<InfoAnswer>>> = {
  model: (request) => modelInfo({ ...request, additionalFields: ["sha"] }),
  dataset: (request) => datasetInfo({ ...request, additionalFields: ["sha"] }),
};

export async function fetchRepoInfo(params: { repoId: string; repoType?: RepoType; revision?: string; access: HubAccess }): Promise<RepoInfo> {
  assertRepoId(params.repoId);
  const repoType = params.repoType ?? DEFAULT_REPO_TYPE;
  const info = await FETCH_INFO[repoType]({
    name: params.repoId,
    revision: params.revision ?? "main",
    hubUrl: params.access.hubUrl,
    fetch: createHubFetch(params.access, params.repoId, repoType),
  });
  const sha = info.sha;
  if (typeof sha !== "string" || !COMMIT_SHA_PATTERN.test(sha)) {
    throw new CodedError("UNAVAILABLE", `The Hub did not return a commit sha for ${params.repoId}.`);
  }
  return { repoId: params.repoId, repoType, sha, gated: info.gated ?? false, private: info.private };
}
