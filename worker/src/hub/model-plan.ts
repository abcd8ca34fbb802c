/**
 * What `planModel` answers (the GraphQL `ModelPlan`/`FormatPlan`/`PlanFile` of
 * schema.graphql, plus `gated`, `storage` and `config` for the API and download job).
 */
import type { QuantizationFormat } from "../../../contracts/src/index.ts";
import type { FormatEstimate } from "../engine/contracts.ts";

export type FitVerdict = "GREEN" | "YELLOW" | "RED";

export interface PlanFile {
  readonly path: string;
  readonly size: number;
  /** LFS sha256 (the download is verified against it); null for small plain-git files. */
  readonly sha256: string | null;
  /** Git blob id: for plain files the Hub's ETag, verified as git's sha1 of the content. */
  readonly gitOid: string;
}

export interface FormatPlan {
  readonly format: QuantizationFormat;
  readonly diskBytes: number;
  readonly memoryBytes: number;
  readonly bitsPerWeight: number;
  readonly breakdown: FormatEstimate["breakdown"];
  readonly fit: FitVerdict;
  readonly recommended: boolean;
}

/** OK; LOW: enough now but under the comfort margin; INSUFFICIENT: download + conversion will not fit. */
export type StorageVerdict = "OK" | "LOW" | "INSUFFICIENT";

export interface ModelPlan {
  readonly repoId: string;
  /** Commit sha every file is pinned to. */
  readonly revision: string;
  readonly gated: boolean;
  /** config.json `model_type`. */
  readonly architecture: string | null;
  readonly supported: boolean;
  readonly unsupportedReason: string | null;
  readonly files: readonly PlanFile[];
  readonly downloadBytes: number;
  readonly parameterCount: number;
  readonly parametersByDType: Readonly<Record<string, number>>;
  /** Empty when the architecture is unsupported (tensor roles, hence sizes, are unknown). */
  readonly formats: readonly FormatPlan[];
  readonly deviceBudgetBytes: number;
  readonly freeDiskBytes: number;
  /** Download + the ONNX of `targetFormat`. */
  readonly requiredDiskBytes: number;
  readonly targetFormat: QuantizationFormat;
  readonly storage: StorageVerdict;
  readonly warnings: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
}
