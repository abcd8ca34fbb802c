/** Memory fit against the device budget, and the storage check. Pure. */
import type { FitVerdict, StorageVerdict } from "./model-plan.ts";

const GiB = 2 ** 30;
/** 6 GiB usable of an 8 GiB device: the rest is the OS, the browser and the API. */
export const DEFAULT_DEVICE_BUDGET_BYTES = 6 * GiB;
/** Below this much free disk (after the download and conversion) the plan warns. */
export const LOW_DISK_WARNING_BYTES = 10 * GiB;

/** GREEN under two thirds of the budget (4 of 6 GiB by default), YELLOW up to the budget, RED above. */
export function fitVerdict(memoryBytes: number, budgetBytes: number): FitVerdict {
  if (memoryBytes < (budgetBytes * 2) / 3) return "GREEN";
  return memoryBytes <= budgetBytes ? "YELLOW" : "RED";
}

export function storageVerdict(freeBytes: number, requiredBytes: number): StorageVerdict {
  if (freeBytes < requiredBytes) return "INSUFFICIENT";
  return freeBytes < LOW_DISK_WARNING_BYTES ? "LOW" : "OK";
}
