/**
 * A HuggingFace safetensors checkpoint on local disk, single-file or sharded, read one tensor at
 * a time with positioned reads: memory in use is one tensor's float32 decode, never the file.
 * 16-bit tensors are read into the upper half of their float32 destination and decoded in place,
 * so no second buffer is allocated; `readFloat32Into` lets a converter reuse its destinations
 * (fresh multi-MB buffers cost a page fault per 4 KiB: most of the system time of a conversion).
 */
import { open, readFile, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { CodedError } from "../../../../contracts/src/errors.ts";
import type { Checkpoint, SourceDType, TensorInfo } from "../contracts.ts";
import { bfloat16ToFloat32, float16ToFloat32 } from "../quant/float16.ts";
import { HEADER_LENGTH_PREFIX_BYTES, parseHeaderBytes, readHeaderLength, type HeaderTensor } from "./header.ts";

export const SINGLE_FILE = "model.safetensors";
export const INDEX_FILE = "model.safetensors.index.json";
/** An index json is a name → shard map; even 100k tensors stay below this. */
const MAX_INDEX_BYTES = 50_000_000;
/** fs reads are capped at 2 GiB − 1 per call; larger tensors are read in pieces. */
const MAX_READ_BYTES = 1 << 30;

/** Bytes per element and the in-place decode from the bytes read at the end of `out`'s memory. */
const DECODERS: Readonly<Record<SourceDType, { readonly bytes: number; readonly decode: (stored: Uint8Array, out: Float32Array) => void }>> = {
  F32: { bytes: 4, decode: () => undefined },
  F16: { bytes: 2, decode: (stored, out) => void float16ToFloat32(new Uint16Array(stored.buffer, stored.byteOffset, out.length), out) },
  BF16: { bytes: 2, decode: (stored, out) => void bfloat16ToFloat32(new Uint16Array(stored.buffer, stored.byteOffset, out.length), out) },
};
const isSourceDType = (dtype: string): dtype is SourceDType => Object.hasOwn(DECODERS, dtype);

interface LocatedTensor extends TensorInfo {
  /** Absolute position of the first byte in its shard. */
  readonly position: number;
}

interface Shard {
  readonly file: string;
  readonly handle: FileHandle;
  readonly tensors: readonly HeaderTensor[];
  readonly dataOffset: number;
}

/**
 * Opens `dir`/model.safetensors.index.json (sharded) or `dir`/model.safetensors, validating every
 * header up front. Errors: NOT_FOUND without either file; INTEGRITY for a truncated file, a
 * malformed header or index; BAD_USER_INPUT for a dtype other than F32/F16/BF16 (named with its tensor).
 */
export async function openCheckpoint(dir: string): Promise<ReusableCheckpoint> {
  const shardFiles = await listShardFiles(dir);
  const shards: Shard[] = [];
  try {
    for (const file of shardFiles.files) shards.push(await openShard(dir, file));
    return new SafetensorsCheckpoint(locateTensors(shards, shardFiles.weightMap), shards);
  } catch (error) {
    await Promise.all(shards.map((shard) => shard.handle.close()));
    throw error;
  }
}

async function listShardFiles(dir: string): Promise<{ files: string[]; weightMap?: ReadonlyMap<string, string> }> {
  const indexPath = path.join(dir, INDEX_FILE);
  if (await isFile(indexPath)) {
    const weightMap = await readIndex(indexPath);
    return { files: [...new Set(weightMap.values())].sort(), weightMap };
  }
  if (await isFile(path.join(dir, SINGLE_FILE))) return { files: [SINGLE_FILE] };
  throw new CodedError("NOT_FOUND", `no ${SINGLE_FILE} or ${INDEX_FILE} in ${dir}`);
}

async function readIndex(indexPath: string): Promise<Map<string, string>> {
  const bad = (what: string) => new CodedError("INTEGRITY", `${INDEX_FILE}: ${what}`, undefined, { file: INDEX_FILE });
  if ((await stat(indexPath)).size > MAX_INDEX_BYTES) throw bad(`larger than the ${MAX_INDEX_BYTES}-byte limit`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(indexPath, "utf8"));
  } catch (error) {
    throw bad(`not valid JSON (${(error as Error).message})`);
  }
  const weightMap = (json as { weight_map?: unknown } | null)?.weight_map;
  if (typeof weightMap !== "object" || weightMap === null || Array.isArray(weightMap)) throw bad("weight_map is missing or not an object");
  const result = new Map<string, string>();
  for (const [tensor, file] of Object.entries(weightMap)) {
    // Shard names come from the repository: they must stay plain file names inside this directory.
    if (typeof file !== "string" || file !== path.basename(file) || file === "." || file === "..") {
      throw new CodedError("BAD_USER_INPUT", `${INDEX_FILE}: tensor "${tensor}" maps to an invalid shard name ${JSON.stringify(file)}`);
    }
    result.set(tensor, file);
  }
  if (result.size === 0) throw bad("weight_map is empty");
  return result;
}

async function openShard(dir: string, file: string): Promise<Shard> {
  let handle: FileHandle;
  try {
    handle = await open(path.join(dir, file), "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new CodedError("INTEGRITY", `shard ${file} is missing from ${dir}`, undefined, { file });
    throw error;
  }
  try {
    const fileSize = (await handle.stat()).size;
    const prefix = await readExactly(handle, HEADER_LENGTH_PREFIX_BYTES, 0, file, "header length");
    const headerLength = readHeaderLength(prefix, file, fileSize);
    const headerBytes = await readExactly(handle, headerLength, HEADER_LENGTH_PREFIX_BYTES, file, "header");
    const dataOffset = HEADER_LENGTH_PREFIX_BYTES + headerLength;
    const { tensors } = parseHeaderBytes(headerBytes, file, fileSize - dataOffset);
    return { file, handle, tensors, dataOffset };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function locateTensors(shards: readonly Shard[], weightMap: ReadonlyMap<string, string> | undefined): Map<string, LocatedTensor> {
  const located = new Map<string, LocatedTensor>();
  for (const shard of shards) {
    for (const tensor of shard.tensors) {
      const { name, dtype } = tensor;
      if (!isSourceDType(dtype)) {
        throw new CodedError("BAD_USER_INPUT", `${shard.file}: tensor "${name}" has dtype ${dtype}; only F32, F16 and BF16 checkpoints can be read`, undefined, {
          file: shard.file,
          tensor: name,
          dtype,
        });
      }
      const elsewhere = located.get(name);
      if (elsewhere) throw new CodedError("INTEGRITY", `tensor "${name}" appears in both ${elsewhere.file} and ${shard.file}`);
      const byteLength = tensor.end - tensor.begin;
      located.set(name, { name, dtype, shape: tensor.shape, file: shard.file, byteLength, position: shard.dataOffset + tensor.begin });
    }
  }
  for (const [name, file] of weightMap ?? []) {
    const found = located.get(name);
    if (found?.file !== file) {
      throw new CodedError("INTEGRITY", `${INDEX_FILE} places tensor "${name}" in ${file}, but ${found ? `it is in ${found.file}` : "no shard holds it"}`);
    }
  }
  return located;
}

/** A checkpoint that can also decode into a caller's buffer (see the top of this file). */
export interface ReusableCheckpoint extends Checkpoint {
  /** Decodes tensor `name` into `target`, which must hold exactly its element count. */
  readFloat32Into(name: string, target: Float32Array): Promise<void>;
}

class SafetensorsCheckpoint implements ReusableCheckpoint {
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  #handles: Map<string, FileHandle> | undefined;

  constructor(
    private readonly located: ReadonlyMap<string, LocatedTensor>,
    shards: readonly Shard[],
  ) {
    this.tensors = located;
    this.#handles = new Map(shards.map((shard) => [shard.file, shard.handle]));
  }

  async readFloat32(name: string): Promise<Float32Array> {
    const tensor = this.locate(name);
    const out = new Float32Array(tensor.byteLength / DECODERS[tensor.dtype].bytes);
    await this.readFloat32Into(name, out);
    return out;
  }

  async readFloat32Into(name: string, target: Float32Array): Promise<void> {
    const tensor = this.locate(name);
    const decoder = DECODERS[tensor.dtype];
    if (target.length * decoder.bytes !== tensor.byteLength) {
      throw new CodedError("INTERNAL", `readFloat32Into: tensor "${name}" has ${tensor.byteLength / decoder.bytes} elements, the target ${target.length}`);
    }
    const handle = this.#handles?.get(tensor.file);
    if (!handle) throw new CodedError("INTERNAL", `checkpoint is closed (reading "${name}")`);
    const stored = new Uint8Array(target.buffer, target.byteOffset + target.byteLength - tensor.byteLength, tensor.byteLength);
    await readExactlyInto(handle, stored, tensor.position, tensor.file, `tensor "${name}"`);
    decoder.decode(stored, target);
  }

  private locate(name: string): LocatedTensor {
    const tensor = this.located.get(name);
    if (!tensor) throw new CodedError("NOT_FOUND", `checkpoint has no tensor "${name}"`);
    return tensor;
  }

  async close(): Promise<void> {
    const handles = this.#handles;
    this.#handles = undefined;
    await Promise.all([...(handles?.values() ?? [])].map((handle) => handle.close()));
  }
}

/** Reads `length` bytes at `position` into a fresh (hence 8-byte aligned) buffer; a short file is INTEGRITY. */
async function readExactly(handle: FileHandle, length: number, position: number, file: string, what: string): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  await readExactlyInto(handle, bytes, position, file, what);
  return bytes;
}

async function readExactlyInto(handle: FileHandle, bytes: Uint8Array, position: number, file: string, what: string): Promise<void> {
  const length = bytes.byteLength;
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(bytes, done, Math.min(length - done, MAX_READ_BYTES), position + done);
    if (bytesRead === 0) throw new CodedError("INTEGRITY", `${file}: file ends inside ${what} (read ${done} of ${length} bytes): truncated`, undefined, { file });
    done += bytesRead;
  }
}

async function isFile(filePath: string): Promise<boolean> {
  try {
    return (await stat(filePath)).isFile();
  } catch {
    return false;
  }
}
