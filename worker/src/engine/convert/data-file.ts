/** Append-only writer of a variant's external data file; each tensor starts on an aligned offset. */
import { open, type FileHandle } from "node:fs/promises";
import type { DataSlice } from "../graph/weights.ts";

/** Aligned starts let ORT map tensors straight from the file (and keep typed views legal). */
const ALIGNMENT = 64;

export class ExternalDataWriter {
  private offset = 0;
  /** Bytes of tensor data, alignment padding excluded. */
  payloadBytes = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async create(file: string): Promise<ExternalDataWriter> {
    return new ExternalDataWriter(await open(file, "wx"));
  }

  async append(bytes: Uint8Array): Promise<DataSlice> {
    const padding = (ALIGNMENT - (this.offset % ALIGNMENT)) % ALIGNMENT;
    if (padding > 0) {
      await this.handle.write(new Uint8Array(padding), 0, padding, this.offset);
      this.offset += padding;
    }
    const slice = { offset: this.offset, length: bytes.byteLength };
    let written = 0;
    while (written < bytes.byteLength) {
      const { bytesWritten } = await this.handle.write(bytes, written, bytes.byteLength - written, this.offset + written);
      written += bytesWritten;
    }
    this.offset += bytes.byteLength;
    this.payloadBytes += bytes.byteLength;
    return slice;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
