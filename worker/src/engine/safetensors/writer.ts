/**
 * Writes a safetensors file tensor by tensor, streaming: only the header and one chunk at a time
 * are in memory. Used by tests (hostile and sharded checkpoints) and by the conversion benchmark
 * (multi-GB random checkpoints).
 */
import { open, rename, rm } from "node:fs/promises";
import { CodedError } from "../../../../contracts/src/errors.ts";
import type { SourceDType } from "../contracts.ts";
import { HEADER_LENGTH_PREFIX_BYTES } from "./header.ts";

const ELEMENT_BYTES: Readonly<Record<SourceDType, number>> = { F32: 4, F16: 2, BF16: 2 };
/** The format recommends 8-byte alignment of the data region; the header is padded with spaces. */
const HEADER_ALIGNMENT = 8;

export interface TensorToWrite {
  readonly name: string;
  readonly dtype: SourceDType;
  readonly shape: readonly number[];
  /** The tensor's bytes (little-endian, row-major), in as many chunks as the caller likes. */
  readonly chunks: () => Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
}

export const tensorByteLength = (dtype: SourceDType, shape: readonly number[]) => shape.reduce((product, dim) => product * dim, ELEMENT_BYTES[dtype]);

/** Header bytes (length prefix included) for tensors laid out back to back in the given order. */
export function encodeHeader(tensors: readonly Omit<TensorToWrite, "chunks">[], metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const { name, dtype, shape } of tensors) {
    const end = offset + tensorByteLength(dtype, shape);
    header[name] = { dtype, shape, data_offsets: [offset, end] };
    offset = end;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const paddedLength = Math.ceil((HEADER_LENGTH_PREFIX_BYTES + json.length) / HEADER_ALIGNMENT) * HEADER_ALIGNMENT - HEADER_LENGTH_PREFIX_BYTES;
  const bytes = new Uint8Array(HEADER_LENGTH_PREFIX_BYTES + paddedLength).fill(0x20);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(paddedLength), true);
  bytes.set(json, HEADER_LENGTH_PREFIX_BYTES);
  return bytes;
}

/** Writes `filePath` under a temporary name and renames it when whole; a tensor whose chunks do not add up to its size is an error. */
export async function writeSafetensors(filePath: string, tensors: readonly TensorToWrite[], metadata?: Readonly<Record<string, string>>): Promise<void> {
  const partial = `${filePath}.partial`;
  const handle = await open(partial, "w");
  try {
    await handle.write(encodeHeader(tensors, metadata));
    for (const tensor of tensors) {
      const expected = tensorByteLength(tensor.dtype, tensor.shape);
      let written = 0;
      for await (const chunk of tensor.chunks()) {
        await handle.write(chunk);
        written += chunk.byteLength;
      }
      if (written !== expected) throw new CodedError("INTERNAL", `tensor "${tensor.name}" produced ${written} bytes, expected ${expected}`);
    }
    await handle.close();
    await rename(partial, filePath);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
}
