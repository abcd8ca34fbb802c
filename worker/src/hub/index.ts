/**
 * The Hub client's public surface. The API server's `modelPlan` resolver calls `planModel`; the
 * download job calls `planModel` (cached) for the pinned file list, `assertStorageFits`, then
 * `downloadRepoFiles`. The dataset importer (worker/src/datasets/hub-dataset.ts) pins a dataset
 * repo with `fetchRepoInfo`, lists it with `listRepoFiles` and fetches with `downloadRepoFiles`,
 * all with `repoType: "dataset"`. Everything else in this folder is internal.
 */
export { planModel, assertStorageFits, clearPlanCache, type PlanModelOptions } from "./plan-model.ts";
export type { ModelPlan, FormatPlan, PlanFile, FitVerdict, StorageVerdict } from "./model-plan.ts";
export { downloadRepoFiles, DEFAULT_TUNING, type DownloadRepoFilesOptions, type DownloadFileSpec, type DownloadResult, type DownloadedFile } from "./download-repo-files.ts";
export type { DownloadProgress } from "./download-progress.ts";
export type { TransferTuning } from "./fetch-file-ranges.ts";
export { resolveHubAccess, DEFAULT_HUB_URL, type HubAccess } from "./hub-access.ts";
export { HubError, TOKEN_PAGE_URL } from "./hub-error.ts";
export { DEFAULT_DEVICE_BUDGET_BYTES, LOW_DISK_WARNING_BYTES } from "./fit-verdict.ts";
export { fetchRepoInfo, type RepoInfo } from "./repo-info.ts";
export { listRepoFiles, type RepoFile } from "./list-repo-files.ts";
export { DEFAULT_REPO_TYPE, type RepoType } from "./repo-type.ts";
