/**
 * NumPy `.npy` files (format 1.0/2.0, C order, little endian) for the three dtypes extraction
 * produces: a streaming writer that knows the final shape before the first row, and a strict
 * reader that refuses anything it does not fully understand.
 *
 * Layout written: magic, version, header length, a Python-literal dict padded with spaces and a
 * final '\n' so the data starts on a 4 KiB boundary (numpy >= 1.14 pads to 64 bytes and reads
 * any multiple of it; 4 KiB lets the rows be written around the page cache, direct-append.ts, and
 * readers mmap them page-aligned), then the rows. Because the shape is declared up front the header is
 * final from the first byte: a reader never sees a header that lies about the row count, and a
 * resumed run can reopen the temp file and continue at a row boundary.
 */
import { createHash, type Hash } from "node:crypto";
import { open, readFile, rename, rm, type FileHandle } from "node:fs/promises";
import { endianness } from "node:os";
import { CodedError } from "../../../contracts/src/index.ts";
import { sha256OfFile } from "../files/file-hash.ts";
import { DIRECT_IO_BLOCK, DirectAppender } from "./direct-append.ts";

export type NpyDType = "float32" | "float16" | "int64";

const DESCR: Readonly<Record<NpyDType, string>> = { float32: "<f4", float16: "<f2", int64: "<i8" };
const ITEM_BYTES: Readonly<Record<NpyDType, number>> = { float32: 4, float16: 2, int64: 8 };
const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY
/** numpy's own padding, the default of npyHeader. */
const NUMPY_DATA_ALIGNMENT = 64;
/** Suffix of a file being written; it gets its final name only after the last row and an fsync. */
export const PARTIAL_SUFFIX = ".partial";

export const npyItemBytes = (dtype: NpyDType) => ITEM_BYTES[dtype];
const rowBytesOf = (dtype: NpyDType, shape: readonly number[]) => shape.slice(1).reduce((a, b) => a * b, 1) * ITEM_BYTES[dtype];

function assertShape(shape: readonly number[]): void {
  if (shape.length === 0 || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new CodedError("INTERNAL", `Invalid .npy shape (${shape.join(", ")}).`);
  }
}

/**
 * The complete header (magic through the '\n' before the data) for a dtype and shape, padded so
 * the data starts at a multiple of `alignment` (a multiple of 64).
 */
export function npyHeader(dtype: NpyDType, shape: readonly number[], alignment = NUMPY_DATA_ALIGNMENT): Buffer {
  assertShape(shape);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  const dict = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Version 1.0 has a 2-byte header length; 2.0 (4 bytes) only for headers longer than 64 KiB.
  const prefixBytes = dict.length + 1 < 0xffff - alignment ? 10 : 12;
  const total = Math.ceil((prefixBytes + dict.length + 1) / alignment) * alignment;
  const headerBytes = total - prefixBytes;
  const out = Buffer.alloc(total, 0x20);
  MAGIC.copy(out, 0);
  out[6] = prefixBytes === 10 ? 1 : 2;
  out[7] = 0;
  if (prefixBytes === 10) out.writeUInt16LE(headerBytes, 8);
  else out.writeUInt32LE(headerBytes, 8);
  out.write(dict, prefixBytes, "latin1");
  out[total - 1] = 0x0a;
  return out;
}

/** The header NpyWriter writes: data on a DIRECT_IO_BLOCK boundary. */
export const npyWriterHeader = (dtype: NpyDType, shape: readonly number[]) => npyHeader(dtype, shape, DIRECT_IO_BLOCK);

type WriterState = "open" | "closed" | "aborted" | "failed";

export interface ClosedNpy {
  readonly path: string;
  readonly bytes: number;
  /** sha256 of the whole file, hex. */
  readonly sha256: string;
}

/**
 * Streams rows (slices along the first axis) into a `.npy` file of a declared dtype and shape.
 * States: open → closed (every row written, fsynced, renamed) | aborted (temp file removed) |
 * failed (a write threw; only abort is allowed).
 *
 * The file's sha256 is computed from the bytes as they are appended (1.1–1.8 GB/s on the machines
 * measured, the faster when the rows are in cache: feed-tap.ts), so closing needs no second pass.
 * Reading a finished extraction back cost 0.45 CPU-s and ~0.3 s of wall time per batch of the
 * SmolLM-135M shape's taps (the O_DIRECT writes leave nothing in the page cache, so it comes from
 * the disk); on an SD card it would take as long as writing it. A resumed file reads its kept rows
 * once to rebuild the hash.
 */
export class NpyWriter {
  private state: WriterState = "open";
  readonly rowBytes: number;
  readonly totalRows: number;

  private constructor(
    readonly path: string,
    readonly dtype: NpyDType,
    readonly shape: readonly number[],
    private readonly handle: FileHandle,
    private readonly appender: DirectAppender,
    private readonly dataOffset: number,
    private rows: number,
    /** sha256 of the file so far (header and rows). */
    private readonly digest: Hash,
  ) {
    this.rowBytes = rowBytesOf(dtype, shape);
    this.totalRows = shape[0];
  }

  get rowsWritten(): number {
    return this.rows;
  }

  get tempPath(): string {
    return this.path + PARTIAL_SUFFIX;
  }

  /** Starts a new file at `path + ".partial"` (replacing any leftover) with its final header. */
  static async create(path: string, dtype: NpyDType, shape: readonly number[]): Promise<NpyWriter> {
    if (endianness() !== "LE") throw new CodedError("INTERNAL", ".npy writing assumes a little-endian host.");
    const header = npyWriterHeader(dtype, shape);
    const handle = await open(path + PARTIAL_SUFFIX, "w+");
    try {
      await handle.write(header, 0, header.length, 0);
      const appender = DirectAppender.open(path + PARTIAL_SUFFIX, handle.fd, header.length);
      return new NpyWriter(path, dtype, shape, handle, appender, header.length, 0, createHash("sha256").update(header));
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /**
   * Reopens the temp file of an interrupted run and continues after `rowsDone` rows. The header
   * must be byte-identical to the one this dtype and shape produce, and the file must hold at
   * least those rows; anything after them (a batch written but never recorded) is cut off.
   */
  static async resume(path: string, dtype: NpyDType, shape: readonly number[], rowsDone: number): Promise<NpyWriter> {
    const header = npyWriterHeader(dtype, shape);
    const handle = await open(path + PARTIAL_SUFFIX, "r+");
    try {
      const found = Buffer.alloc(header.length);
      const { bytesRead } = await handle.read(found, 0, header.length, 0);
      const needed = header.length + rowsDone * rowBytesOf(dtype, shape);
      const { size } = await handle.stat();
      if (bytesRead !== header.length || !found.equals(header) || size < needed || rowsDone > shape[0]) {
        throw new CodedError("INTEGRITY", `Cannot resume ${path}: its header or length does not match the recorded progress.`);
      }
      await handle.truncate(needed);
      const digest = await sha256OfFile(path + PARTIAL_SUFFIX, needed);
      return new NpyWriter(path, dtype, shape, handle, DirectAppender.open(path + PARTIAL_SUFFIX, handle.fd, needed), header.length, rowsDone, digest);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /**
   * Appends `rows` whole rows; `data` must be exactly `rows × rowBytes` bytes. Written around the
   * page cache where the filesystem allows (direct-append.ts). Synchronous on purpose: the
   * extraction process has nothing else for its event loop to do meanwhile, and a write through
   * libuv's thread pool costs a cross-thread round trip that, for hundreds of MB per batch, cost
   * more CPU than the copy into the page cache itself (SmolLM-135M shape, all taps: 0.44 CPU-s per
   * batch in the pool's threads against 0.17 to 0.38 s on this thread).
   */
  append(data: ArrayBufferView, rows: number): void {
    if (this.state !== "open") throw new CodedError("INTERNAL", `Cannot append to ${this.path}: writer is ${this.state}.`);
    if (!Number.isInteger(rows) || rows < 0 || this.rows + rows > this.totalRows) {
      throw new CodedError("INTERNAL", `Appending ${rows} rows to ${this.path} would exceed its ${this.totalRows} rows.`);
    }
    if (data.byteLength !== rows * this.rowBytes) {
      throw new CodedError("INTERNAL", `Appending ${rows} rows to ${this.path} needs ${rows * this.rowBytes} bytes, got ${data.byteLength}.`);
    }
    try {
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      // Hash, then copy: the copy into the staging buffer evicts from the cache what the hash
      // would otherwise have read there (a failed append leaves a writer only abort can use).
      this.digest.update(bytes);
      this.appender.append(bytes);
      this.rows += rows;
    } catch (error) {
      this.state = "failed";
      throw error;
    }
  }

  /** Checks the row count, fsyncs, closes and renames to the final name. */
  async close(): Promise<ClosedNpy> {
    if (this.state !== "open") throw new CodedError("INTERNAL", `Cannot close ${this.path}: writer is ${this.state}.`);
    if (this.rows !== this.totalRows) {
      throw new CodedError("INTERNAL", `Closing ${this.path} after ${this.rows} of ${this.totalRows} rows.`);
    }
    this.appender.close();
    await this.handle.sync();
    await this.handle.close();
    await rename(this.tempPath, this.path);
    this.state = "closed";
    return { path: this.path, bytes: this.dataOffset + this.totalRows * this.rowBytes, sha256: this.digest.digest("hex") };
  }

  /** Closes the handle (if still open) and removes the temp file. Safe to call in any state. */
  async abort(): Promise<void> {
    if (this.state === "closed" || this.state === "aborted") return;
    this.state = "aborted";
    this.appender.close();
    await this.handle.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
  }

  /** Closes the handle but keeps the temp file for a later `resume`. */
  async suspend(): Promise<void> {
    if (this.state === "closed" || this.state === "aborted") return;
    this.state = "aborted";
    this.appender.close();
    await this.handle.close().catch(() => undefined);
  }
}

// ---------------------------------------------------------------- strict reader

export type NpyData = Float32Array | Uint16Array | BigInt64Array;

export interface NpyArray {
  readonly dtype: NpyDType;
  readonly shape: number[];
  /** float16 arrives as raw 16-bit patterns (Node 20 has no Float16Array). */
  readonly data: NpyData;
  readonly dataOffset: number;
}

const bad = (source: string, why: string) => new CodedError("BAD_USER_INPUT", `${source} is not a valid .npy file: ${why}.`);

/**
 * Parses the header dict, a Python literal such as
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 16), }`. Accepts exactly the three keys
 * in any order, single- or double-quoted strings, optional trailing commas and whitespace.
 */
function parseHeaderDict(text: string, source: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const expect = (ch: string) => {
    ws();
    if (text[i] !== ch) throw bad(source, `expected '${ch}' at offset ${i} of the header`);
    i++;
  };
  const str = (): string => {
    ws();
    const quote = text[i];
    if (quote !== "'" && quote !== '"') throw bad(source, `expected a string at offset ${i} of the header`);
    const end = text.indexOf(quote, i + 1);
    if (end < 0) throw bad(source, "unterminated string in the header");
    const value = text.slice(i + 1, end);
    i = end + 1;
    return value;
  };
  const value = (key: string): string | boolean | number[] => {
    ws();
    if (text.startsWith("True", i)) return (i += 4), true;
    if (text.startsWith("False", i)) return (i += 5), false;
    if (text[i] === "(") {
      i++;
      const dims: number[] = [];
      for (;;) {
        ws();
        if (text[i] === ")") break;
        const m = /^\d+/.exec(text.slice(i));
        if (!m) throw bad(source, `shape of '${key}' holds something other than a non-negative integer`);
        dims.push(Number(m[0]));
        i += m[0].length;
        ws();
        if (text[i] === ",") i++;
        else if (text[i] !== ")") throw bad(source, "malformed shape tuple");
      }
      i++;
      return dims;
    }
    return str();
  };
  const fields = new Map<string, string | boolean | number[]>();
  expect("{");
  for (;;) {
    ws();
    if (text[i] === "}") break;
    const key = str();
    if (fields.has(key)) throw bad(source, `duplicate header key '${key}'`);
    expect(":");
    fields.set(key, value(key));
    ws();
    if (text[i] === ",") i++;
    else if (text[i] !== "}") throw bad(source, `expected ',' or '}' at offset ${i} of the header`);
  }
  i++;
  if (text.slice(i).trim() !== "") throw bad(source, "text after the header dict");
  const keys = [...fields.keys()].sort().join(",");
  if (keys !== "descr,fortran_order,shape") throw bad(source, `header keys are {${keys}}, expected descr, fortran_order, shape`);
  const descr = fields.get("descr");
  const fortranOrder = fields.get("fortran_order");
  const shape = fields.get("shape");
  if (typeof descr !== "string") throw bad(source, "descr is not a string");
  if (typeof fortranOrder !== "boolean") throw bad(source, "fortran_order is not a boolean");
  if (!Array.isArray(shape)) throw bad(source, "shape is not a tuple");
  if (shape.some((d) => !Number.isSafeInteger(d))) throw bad(source, "shape dimension too large");
  return { descr, fortranOrder, shape };
}

/** Validates magic, version, header and dtype; returns the layout without reading the data. */
export function parseNpyHeader(buf: Buffer, source = "file"): { dtype: NpyDType; shape: number[]; dataOffset: number } {
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC)) throw bad(source, "missing the \\x93NUMPY magic");
  const major = buf[6];
  const minor = buf[7];
  if (![1, 2, 3].includes(major) || minor !== 0) throw bad(source, `unsupported format version ${major}.${minor}`);
  const prefix = major === 1 ? 10 : 12;
  if (buf.length < prefix) throw bad(source, "truncated header");
  const headerBytes = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const dataOffset = prefix + headerBytes;
  if (buf.length < dataOffset) throw bad(source, "truncated header");
  // numpy pads so the data starts on a 64-byte boundary (16 before numpy 1.14): both are accepted.
  if (dataOffset % 16 !== 0) throw bad(source, `data offset ${dataOffset} is not 16-byte aligned`);
  const text = buf.subarray(prefix, dataOffset).toString(major === 3 ? "utf8" : "latin1");
  if (!text.endsWith("\n")) throw bad(source, "header does not end with a newline");
  const { descr, fortranOrder, shape } = parseHeaderDict(text, source);
  const dtype = (Object.keys(DESCR) as NpyDType[]).find((d) => DESCR[d] === descr);
  if (!dtype) throw bad(source, `unsupported dtype '${descr}' (expected <f4, <f2 or <i8)`);
  if (fortranOrder) throw bad(source, "Fortran order is not supported");
  return { dtype, shape, dataOffset };
}

/** Decodes a whole `.npy` buffer; the data must be exactly as long as the shape says. */
export function parseNpy(buf: Buffer, source = "file"): NpyArray {
  const { dtype, shape, dataOffset } = parseNpyHeader(buf, source);
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = count * ITEM_BYTES[dtype];
  const actual = buf.length - dataOffset;
  if (actual !== expected) throw bad(source, `data is ${actual} bytes, shape (${shape.join(", ")}) needs ${expected}`);
  // Copy into a fresh, aligned buffer: Node's pooled Buffers may sit at any byte offset.
  const bytes = new Uint8Array(expected);
  bytes.set(buf.subarray(dataOffset));
  const data: NpyData =
    dtype === "float32" ? new Float32Array(bytes.buffer) : dtype === "float16" ? new Uint16Array(bytes.buffer) : new BigInt64Array(bytes.buffer);
  return { dtype, shape, data, dataOffset };
}

export async function readNpy(path: string): Promise<NpyArray> {
  return parseNpy(await readFile(path), path);
}
