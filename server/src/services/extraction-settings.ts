/**
 * The settings an extraction and a template share (hooks, samples, batch, sequence, top-k,
 * dtype): defaults and validation in one place, with each error naming its field under `prefix`.
 */
import { CodedError, type HookType } from "../../../contracts/src/index.ts";
import { validBatchSize, validIntInRange, validStorageDType, validTopK, type StorageDType } from "../lib/validation.ts";

export interface SettingsInput {
  hookTypes?: HookType[] | null;
  maxSamples?: number | null;
  batchSize?: number | null;
  sequenceLength?: number | null;
  topK?: number | null;
  storageDType?: string | null;
}

export interface Settings {
  hookTypes: HookType[];
  maxSamples: number | null;
  batchSize: number;
  sequenceLength: number;
  topK: number;
  storageDType: StorageDType;
}

export const DEFAULT_SETTINGS = { batchSize: 32, sequenceLength: 128, topK: 100, storageDType: "float32" } as const;
const MAX_SEQUENCE = 32_768;

export function validSettings(input: SettingsInput, prefix: string, maxPositions = MAX_SEQUENCE): Settings {
  const hookTypes = [...new Set(input.hookTypes ?? [])];
  if (hookTypes.length === 0) throw new CodedError("BAD_USER_INPUT", "Select at least one hook type.", `${prefix}.hookTypes`);
  const maxSamples = input.maxSamples ?? null;
  if (maxSamples !== null) validIntInRange(maxSamples, 1, 10_000_000, `${prefix}.maxSamples`, "maxSamples");
  return {
    hookTypes,
    maxSamples,
    batchSize: validBatchSize(input.batchSize ?? DEFAULT_SETTINGS.batchSize, `${prefix}.batchSize`),
    sequenceLength: validIntInRange(input.sequenceLength ?? DEFAULT_SETTINGS.sequenceLength, 1, maxPositions, `${prefix}.sequenceLength`, "sequenceLength"),
    topK: validTopK(input.topK ?? DEFAULT_SETTINGS.topK, `${prefix}.topK`),
    storageDType: validStorageDType(input.storageDType ?? DEFAULT_SETTINGS.storageDType, `${prefix}.storageDType`),
  };
}
