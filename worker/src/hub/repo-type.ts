/**
 * Which kind of Hub repository an operation addresses. The Hub keeps models and datasets in
 * separate namespaces (the same owner/name can be both), and only the URL prefix tells them apart:
 *   model    /api/models/{id}…    /{id}/resolve/…            page /{id}
 *   dataset  /api/datasets/{id}…  /datasets/{id}/resolve/…   page /datasets/{id}
 * Models are the default everywhere so callers written before datasets existed are unchanged.
 */
export type RepoType = "model" | "dataset";

export const DEFAULT_REPO_TYPE: RepoType = "model";

/** Path segment before the repo id on web and `/resolve/` routes (the API uses `/api/{type}s/`). */
const WEB_PREFIX: Readonly<Record<RepoType, string>> = { model: "", dataset: "datasets/" };

/** `{hubUrl}/[datasets/]{repoId}`: the repo's page, and the base of its `/resolve/` URLs. */
export function repoWebUrl(hubUrl: string, repoId: string, repoType: RepoType = DEFAULT_REPO_TYPE): string {
  return `${hubUrl}/${WEB_PREFIX[repoType]}${repoId}`;
}
