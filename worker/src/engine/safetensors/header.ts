/**
 * The safetensors header, parsed as untrusted input. Layout of a file:
 *   u64 little-endian N | N bytes of JSON header | data region
 * where each header entry is { dtype, shape, data_offsets: [begin, end) relative to the data region }.
 *
 * Used on local files (safetensors/checkpoint.ts) and on header bytes or header objects fetched
 * remotely (the Hub helper), so nothing here touches the file system.
 */
import { CodedError } from "../../../../contracts/src/errors.ts";

/** Bytes before the JSON header: its length as a u64. */
export const HEADER_LENGTH_PREFIX_BYTES = 8;
/** Largest header we accept: real checkpoints stay far below (a 1,000-tensor shard ≈ 100 KB); same bound as @huggingface/hub. */
export const MAX_HEADER_BYTES = 25_000_000;
/** No real tensor has more dimensions; bounds the work a hostile header can ask for. */
export const MAX_TENSOR_RANK = 8;

/** Bytes per element of every dtype the safetensors format defines (so we can size, then reject, the ones we cannot decode). */
const DTYPE_BYTES: Readonly<Record<string, number>> = {
  F64: 8, I64: 8, U64: 8, C64: 8,
  F32: 4, I32: 4, U32: 4,
  F16: 2, BF16: 2, I16: 2, U16: 2,
  F8_E4M3: 1, F8_E5M2: 1, I8: 1, U8: 1, BOOL: 1,
};

export interface HeaderTensor {
  readonly name: string;
  /** Any dtype the format defines; the checkpoint reader decides which it can decode. */
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Byte range inside the data region (add the data offset for a file position). */
  readonly begin: number;
  readonly end: number;
}

export interface ParsedHeader {
  readonly tensors: readonly HeaderTensor[];
  readonly metadata: Readonly<Record<string, string>>;
}

const integrity = (file: string, what: string) => new CodedError("INTEGRITY", `${file}: ${what}`, undefined, { file });

/**
 * Reads N from the first 8 bytes and checks it against the limit and, when known, the file size.
 * Returns N; the data region then starts at 8 + N.
 */
export function readHeaderLength(prefix: Uint8Array, file: string, fileSize?: number): number {
  if (prefix.byteLength < HEADER_LENGTH_PREFIX_BYTES) throw integrity(file, `file is truncated (${prefix.byteLength} bytes, shorter than the 8-byte header length)`);
  const length = new DataView(prefix.buffer, prefix.byteOffset, HEADER_LENGTH_PREFIX_BYTES).getBigUint64(0, true);
  if (length > BigInt(MAX_HEADER_BYTES)) throw integrity(file, `header length ${length} exceeds the ${MAX_HEADER_BYTES}-byte limit (not a safetensors file?)`);
  const n = Number(length);
  if (fileSize !== undefined && HEADER_LENGTH_PREFIX_BYTES + n > fileSize) {
    throw integrity(file, `header of ${n} bytes overruns the file (${fileSize} bytes): truncated`);
  }
  return n;
}

/** Parses the N header bytes (not including the length prefix). `dataBytes` = file size − 8 − N, when known. */
export function parseHeaderBytes(headerBytes: Uint8Array, file: string, dataBytes?: number): ParsedHeader {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(headerBytes));
  } catch (error) {
    throw integrity(file, `header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  return describeHeader(json, file, dataBytes);
}

/**
 * Validates an already-decoded header object (e.g. from @huggingface/hub's parseSafetensorsMetadata)
 * and returns its tensors sorted by position. Every entry must have a known dtype, a shape of
 * non-negative integers whose byte size equals its offsets span, and offsets inside the data
 * region without overlapping another tensor.
 */
export function describeHeader(json: unknown, file: string, dataBytes?: number): ParsedHeader {
  if (!isPlainObject(json)) throw integrity(file, "header is not a JSON object");
  const tensors: HeaderTensor[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(json)) {
    if (name === "__metadata__") {
      metadata = readMetadata(entry, file);
      continue;
    }
    tensors.push(readEntry(name, entry, file, dataBytes));
  }
  tensors.sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < tensors.length; i++) {
    const previous = tensors[i - 1];
    if (tensors[i].begin < previous.end) throw integrity(file, `tensor "${tensors[i].name}" overlaps "${previous.name}" in the data region`);
  }
  return { tensors, metadata };
}

function readEntry(name: string, entry: unknown, file: string, dataBytes: number | undefined): HeaderTensor {
  const bad = (what: string) => integrity(file, `tensor "${name}": ${what}`);
  if (!isPlainObject(entry)) throw bad("entry is not an object");
  const { dtype, shape, data_offsets: offsets } = entry;
  if (typeof dtype !== "string") throw bad("dtype is missing");
  const elementBytes = DTYPE_BYTES[dtype];
  if (elementBytes === undefined) {
    throw new CodedError("BAD_USER_INPUT", `${file}: tensor "${name}" has unknown dtype "${dtype}"`, undefined, { file, tensor: name, dtype });
  }
  if (!Array.isArray(shape) || shape.length > MAX_TENSOR_RANK || !shape.every(isNonNegativeInteger)) {
    throw bad(`shape ${JSON.stringify(shape)} is not a list of at most ${MAX_TENSOR_RANK} non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInteger) || offsets[0] > offsets[1]) {
    throw bad(`data_offsets ${JSON.stringify(offsets)} is not [begin, end] with 0 ≤ begin ≤ end`);
  }
  const [begin, end] = offsets as [number, number];
  const expectedBytes = (shape as number[]).reduce((product, dim) => product * dim, elementBytes);
  if (end - begin !== expectedBytes) throw bad(`data_offsets span ${end - begin} bytes but ${dtype}${JSON.stringify(shape)} needs ${expectedBytes}`);
  if (dataBytes !== undefined && end > dataBytes) {
    throw bad(`data_offsets end ${end} lies beyond the ${dataBytes}-byte data region: the file is truncated`);
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

function readMetadata(entry: unknown, file: string): Record<string, string> {
  if (!isPlainObject(entry) || !Object.values(entry).every((value) => typeof value === "string")) {
    throw integrity(file, "__metadata__ must map strings to strings");
  }
  return entry as Record<string, string>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}
