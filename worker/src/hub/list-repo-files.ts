/** Hub operation: every file of a repo (model or dataset) at a commit, with exact sizes and content ids. */
import { listFiles } from "@huggingface/hub";
import type { HubAccess } from "./hub-access.ts";
import { createHubFetch } from "./hub-fetch.ts";
import { DEFAULT_REPO_TYPE, type RepoType } from "./repo-type.ts";

export interface RepoFile {
  readonly path: string;
  /** Size of the file's content (for LFS files: the real object, not the pointer). */
  readonly size: number;
  /** Git blob id of what git stores (for LFS files that is the pointer). */
  readonly gitOid: string;
  /** sha256 of the content for LFS files: what the download is verified against. */
  readonly lfsSha256?: string;
}

const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export async function listRepoFiles(params: { repoId: string; repoType?: RepoType; revision: string; access: HubAccess }): Promise<RepoFile[]> {
  const repoType = params.repoType ?? DEFAULT_REPO_TYPE;
  const files: RepoFile[] = [];
  for await (const entry of listFiles({
    repo: { type: repoType, name: params.repoId },
    revision: params.revision,
    recursive: true,
    hubUrl: params.access.hubUrl,
    fetch: createHubFetch(params.access, params.repoId, repoType),
  })) {
    if (entry.type !== "file") continue;
    const lfsSha256 = entry.lfs?.oid && SHA256_PATTERN.test(entry.lfs.oid) ? entry.lfs.oid : undefined;
    files.push({ path: entry.path, size: entry.lfs?.size ?? entry.size, gitOid: entry.oid ?? "", ...(lfsSha256 ? { lfsSha256 } : {}) });
  }
  return files;
}
