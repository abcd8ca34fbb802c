/** Hub operation: a model repo's metadata at a revision, above all the commit sha it resolves to. */
import { modelInfo } from "@huggingface/hub";
import { CodedError } from "../../../contracts/src/index.ts";
import type { HubAccess } from "./hub-access.ts";
import { createHubFetch } from "./hub-fetch.ts";

export interface RepoInfo {
  readonly repoId: string;
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

export async function fetchRepoInfo(params: { repoId: string; revision?: string; access: HubAccess }): Promise<RepoInfo> {
  assertRepoId(params.repoId);
  const info = await modelInfo({
    name: params.repoId,
    revision: params.revision ?? "main",
    hubUrl: params.access.hubUrl,
    fetch: createHubFetch(params.access, params.repoId),
    additionalFields: ["sha"],
  });
  const sha = (info as { sha?: unknown }).sha;
  if (typeof sha !== "string" || !COMMIT_SHA_PATTERN.test(sha)) {
    throw new CodedError("UNAVAILABLE", `The Hub did not return a commit sha for ${params.repoId}.`);
  }
  return { repoId: params.repoId, sha, gated: info.gated ?? false, private: info.private };
}
