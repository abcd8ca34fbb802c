/** Input rules from the seed (issue #2 §8). Each failure names the offending field. */
import { CodedError, parseQuantizationFormat, type QuantizationFormat } from "../../../contracts/src/index.ts";

const REPO_ID = /^[A-Za-z0-9_-]+\/[A-Za-z0-9_.-]+$/;
const HUB_TOKEN = /^hf_[A-Za-z0-9]{20,}$/;

export function validRepoId(repoId: string, field: string): string {
  const value = repoId.trim();
  if (value.length > 500) throw new CodedError("BAD_USER_INPUT", "A repository id has at most 500 characters.", field);
  if (!REPO_ID.test(value) || value.includes("..")) throw new CodedError("BAD_USER_INPUT", 'A repository id looks like "owner/name".', field);
  return value;
}

/** Returns the token or undefined; the message never repeats the value. */
export function validAccessToken(token: string | null | undefined, field: string): string | undefined {
  if (token === null || token === undefined || token === "") return undefined;
  if (!HUB_TOKEN.test(token)) throw new CodedError("BAD_USER_INPUT", 'A Hub access token starts with "hf_" followed by at least 20 letters or digits.', field);
  return token;
}

export function validFormat(input: string, field: string): QuantizationFormat {
  const format = parseQuantizationFormat(input);
  if (!format) throw new CodedError("BAD_USER_INPUT", "Quantization is one of FP32, FP16, Q8, Q4, Q2.", field);
  return format;
}

export function validBatchSize(value: number, field: string): number {
  const powerOfTwo = Number.isInteger(value) && value >= 1 && value <= 512 && (value & (value - 1)) === 0;
  if (!powerOfTwo) throw new CodedError("BAD_USER_INPUT", "Batch size is a power of 2 between 1 and 512.", field);
  return value;
}

export function validTopK(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 10 || value > 1000) throw new CodedError("BAD_USER_INPUT", "Top-k is an integer between 10 and 1000.", field);
  return value;
}

export function validIntInRange(value: number, min: number, max: number, field: string, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new CodedError("BAD_USER_INPUT", `${what} is an integer between ${min} and ${max}.`, field);
  return value;
}

export const STORAGE_DTYPES = ["float32", "float16"] as const;
export type StorageDType = (typeof STORAGE_DTYPES)[number];
export function validStorageDType(value: string, field: string): StorageDType {
  if (!(STORAGE_DTYPES as readonly string[]).includes(value)) throw new CodedError("BAD_USER_INPUT", "Storage dtype is float32 or float16.", field);
  return value as StorageDType;
}
