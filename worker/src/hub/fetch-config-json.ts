/**
 * Hub operation: a repo's config.json at a commit. It is also the first file route a plan touches,
 * so a gated repo's 401/403 (model info and tree stay public) surfaces here.
 */
import { downloadFile } from "@huggingface/hub";
import { CodedError } from "../../../contracts/src/index.ts";
import type { HubAccess } from "./hub-access.ts";
import { createHubFetch } from "./hub-fetch.ts";

/** Real configs are a few KB; a larger one is not a config we can reason about. */
const MAX_CONFIG_BYTES = 1 << 20;

export async function fetchConfigJson(params: { repoId: string; revision: string; access: HubAccess }): Promise<Record<string, unknown>> {
  const blob = await downloadFile({
    repo: { type: "model", name: params.repoId },
    path: "config.json",
    revision: params.revision,
    hubUrl: params.access.hubUrl,
    fetch: createHubFetch(params.access, params.repoId),
    xet: false,
  });
  if (!blob) throw new CodedError("INCOMPATIBLE", `${params.repoId} has no config.json, so its architecture cannot be known.`, "repoId");
  if (blob.size > MAX_CONFIG_BYTES) {
    throw new CodedError("INCOMPATIBLE", `config.json of ${params.repoId} is ${blob.size} bytes, more than a model config can be.`, "repoId");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await blob.text());
  } catch {
    throw new CodedError("INCOMPATIBLE", `config.json of ${params.repoId} is not valid JSON.`, "repoId");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new CodedError("INCOMPATIBLE", `config.json of ${params.repoId} is not a JSON object.`, "repoId");
  }
  return parsed as Record<string, unknown>;
}
