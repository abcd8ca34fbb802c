/**
 * The Hub client's public surface. The API server's `modelPlan` resolver calls `planModel`; the
 * download job calls `planModel` (cached) for the pinned file list, `assertStorageFits`, then
 * `downloadRepoFiles`. Everything else in this folder is internal.
 */
export { planModel, assertStorageFits, clearPlanCache, type PlanModelOptions } from "./plan-model.ts";
export type { ModelPlan, FormatPlan, PlanFile, FitVerdict, StorageVerdict } from "./model-plan.ts";
export { downloadRepoFiles, DEFAULT_TUNING, type DownloadRepoFilesOptions, type DownloadFileSpec, type DownloadResult, type DownloadedFile } from "./download-repo-files.ts";
export type { DownloadProgress } from "./download-progress.ts";
export { resolveHubAccess, DEFAULT_HUB_URL, type HubAccess } from "./hub-access.ts";
export { HubError, TOKEN_PAGE_URL } from "./hub-error.ts";
export { DEFAULT_DEVICE_BUDGET_BYTES, LOW_DISK_WARNING_BYTES } from "./fit-verdict.ts";
