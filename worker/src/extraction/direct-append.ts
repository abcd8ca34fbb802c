/**
 * Sequential appends to a file that bypass the page cache (O_DIRECT) where the filesystem allows.
 *
 * Why: an extraction streams hundreds of MB of activations per batch that nobody reads back soon.
 * Through the page cache every 4 KiB page is allocated, copied into and later written back by the
 * kernel: on the development VM 0.40 CPU-s per batch of 212 MB (SmolLM-135M shape, all taps),
 * ~10 µs per fresh page, taken straight from ORT's two threads. A direct write costs 0.02 CPU-s
 * for the same batch (the device copies from our memory; the wait is not CPU) and evicts nothing:
 * on an 8 GB device the page cache keeps the model's weights instead of activations.
 *
 * O_DIRECT needs the file offset, the length and the memory address aligned to the device's
 * block. Appends go through one page-aligned staging buffer (WebAssembly memory is page-aligned;
 * an ArrayBuffer has no alignment one can ask for). The callers keep offsets aligned in the usual
 * case (the .npy header is padded to DIRECT_IO_BLOCK; a row is a multiple of it whenever seq ×
 * hidden × itemsize is); a partial last block is written through the page cache so the file always
 * holds every appended byte (a killed run resumes from it), kept in memory, and rewritten whole
 * by the next direct write. Where the filesystem refuses O_DIRECT (tmpfs before Linux 6.6) or the
 * alignment it needs, every write goes through the page cache, as before.
 */
import { closeSync, constants, openSync, readSync, writeSync } from "node:fs";

/** Alignment used for offsets, lengths and memory: covers 512-byte and 4 KiB-sector devices. */
export const DIRECT_IO_BLOCK = 4096;

/** Bytes copied and written per direct write: large enough that syscalls do not matter. */
const STAGING_BYTES = 4 << 20;
const WASM_PAGE_BYTES = 64 << 10;

let staging: Uint8Array | null = null;

/**
 * The process's one staging buffer. Sharing it is safe: appends are synchronous, so no two use it
 * at once; each appender keeps its own partial block.
 */
function stagingBuffer(): Uint8Array {
  staging ??= new Uint8Array(new WebAssembly.Memory({ initial: STAGING_BYTES / WASM_PAGE_BYTES, maximum: STAGING_BYTES / WASM_PAGE_BYTES }).buffer);
  return staging;
}

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** Writes all of `bytes[from, to)` at `position` through a descriptor (retrying short writes). */
function writeAll(fd: number, bytes: Uint8Array, from: number, to: number, position: number): void {
  for (let done = from; done < to; ) done += writeSync(fd, bytes, done, to - done, position + done - from);
}

const openWithoutPageCache = (file: string) => openSync(file, constants.O_WRONLY | constants.O_DIRECT);

export class DirectAppender {
  /** The last, partial block: already in the file (through the page cache), rewritten whole by the next direct write. */
  private readonly tail = new Uint8Array(DIRECT_IO_BLOCK);
  private tailBytes: number;

  private constructor(
    /** The file opened for ordinary writes (and reads), owned by the caller. */
    private readonly fd: number,
    /** A second descriptor with O_DIRECT, owned here; null where the filesystem refuses it. */
    private direct: number | null,
    /** Where the next append starts: the file's length. */
    private end: number,
  ) {
    this.tailBytes = end % DIRECT_IO_BLOCK;
    if (this.tailBytes > 0) readSync(fd, this.tail, 0, this.tailBytes, end - this.tailBytes);
  }

  /**
   * `fd`: `file` opened for reading and writing by the caller; appends start at `end`, which must
   * be the file's length. `openDirect` is a seam for tests (a filesystem that refuses O_DIRECT).
   */
  static open(file: string, fd: number, end: number, openDirect = openWithoutPageCache): DirectAppender {
    let direct: number | null = null;
    try {
      direct = openDirect(file);
    } catch (error) {
      if (errno(error) !== "EINVAL") throw error; // EINVAL: this filesystem has no O_DIRECT (tmpfs before Linux 6.6, some FUSE)
    }
    return new DirectAppender(fd, direct, end);
  }

  /** Whether appends currently bypass the page cache (false after a fallback). */
  get bypassesPageCache(): boolean {
    return this.direct !== null;
  }

  append(bytes: Uint8Array): void {
    if (this.direct === null) {
      writeAll(this.fd, bytes, 0, bytes.length, this.end);
      this.end += bytes.length;
      return;
    }
    const stage = stagingBuffer();
    stage.set(this.tail.subarray(0, this.tailBytes));
    let staged = this.tailBytes;
    let at = this.end - this.tailBytes; // block-aligned
    for (let copied = 0; copied < bytes.length; ) {
      const n = Math.min(stage.length - staged, bytes.length - copied);
      stage.set(bytes.subarray(copied, copied + n), staged);
      staged += n;
      copied += n;
      const whole = copied < bytes.length ? staged : staged - (staged % DIRECT_IO_BLOCK);
      if (whole === 0) continue;
      this.writeBlocks(stage, whole, at);
      at += whole;
      stage.copyWithin(0, whole, staged);
      staged -= whole;
    }
    if (staged > 0) writeAll(this.fd, stage, 0, staged, at);
    this.tail.set(stage.subarray(0, staged));
    this.tailBytes = staged;
    this.end += bytes.length;
  }

  /** Releases the O_DIRECT descriptor (the caller closes its own). */
  close(): void {
    if (this.direct !== null) closeSync(this.direct);
    this.direct = null;
  }

  /** `stage[0, length)` at the aligned `at`: directly; the rest through the page cache if the filesystem refuses. */
  private writeBlocks(stage: Uint8Array, length: number, at: number): void {
    let done = 0;
    try {
      while (this.direct !== null && done < length) done += writeSync(this.direct, stage, done, length - done, at + done);
    } catch (error) {
      // EINVAL: the filesystem opened the file with O_DIRECT but needs a coarser alignment than
      // ours. Anything else (ENOSPC, EIO) is a real failure for the caller.
      if (errno(error) !== "EINVAL") throw error;
      this.close();
    }
    if (done < length) writeAll(this.fd, stage, done, length, at + done);
  }
}
