/**
 * Safetensors encoding for the synthesized repos (a sharded split of a fixture, a BERT-like
 * checkpoint). Test-only: the product never writes safetensors.
 */
export interface RawTensor {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly data: Buffer;
}

/** header length (u64 LE) + JSON header padded with spaces to 8 bytes + tensor bytes in order. */
export function encodeSafetensors(tensors: readonly RawTensor[], metadata: Record<string, string> = { format: "pt" }): Buffer {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const tensor of tensors) {
    header[tensor.name] = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, offset + tensor.data.length] };
    offset += tensor.data.length;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  return Buffer.concat([length, Buffer.from(json), ...tensors.map((tensor) => tensor.data)]);
}

export function decodeSafetensors(file: Buffer): RawTensor[] {
  const headerLength = Number(file.readBigUInt64LE(0));
  const header = JSON.parse(file.subarray(8, 8 + headerLength).toString("utf8")) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  const dataStart = 8 + headerLength;
  return Object.entries(header)
    .filter(([name]) => name !== "__metadata__")
    .map(([name, info]) => ({ name, dtype: info.dtype, shape: info.shape, data: file.subarray(dataStart + info.data_offsets[0], dataStart + info.data_offsets[1]) }));
}
