/**
 * Hashes a file that is being written out of order, following its contiguous prefix: while the
 * parts download, the bytes before the first gap are read back (page cache) and hashed, so the
 * verification of a large file is mostly done by the time its last byte arrives instead of being
 * a second full pass afterwards. Bytes written exactly at the hashed position are hashed from
 * memory (`offer`) rather than read back.
 */
import { createHash, type Hash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";

const READ_BYTES = 4 << 20;

export class FrontierHasher {
  readonly #hash: Hash;
  readonly #buffer = Buffer.allocUnsafe(READ_BYTES);
  #hashedTo = 0;
  #frontier = 0;
  #running: Promise<void> = Promise.resolve();

  /** `prefix`: bytes hashed before the content (git's "blob <size>\0" header). */
  constructor(
    private readonly fd: FileHandle,
    algorithm: "sha256" | "sha1",
    prefix = "",
  ) {
    this.#hash = createHash(algorithm).update(prefix);
  }

  /** Bytes [0, frontier) are written; hash them in the background. */
  advanceTo(frontier: number): void {
    if (frontier <= this.#frontier) return;
    this.#frontier = frontier;
    this.#enqueue(() => this.#catchUp());
  }

  #enqueue(step: () => Promise<void>): void {
    this.#running = this.#running.then(step);
    // Marked handled here; the failure reaches the caller through digest().
    this.#running.catch(() => undefined);
  }

  /** Just-written bytes at `position`: hashed from memory if they continue the hashed prefix. */
  offer(position: number, chunks: readonly Buffer[]): void {
    this.#enqueue(async () => {
      let at = position;
      for (const chunk of chunks) {
        const skip = this.#hashedTo - at;
        if (skip < 0) return; // a gap before these bytes: they are read from the file later
        if (skip < chunk.length) {
          this.#hash.update(skip === 0 ? chunk : chunk.subarray(skip));
          this.#hashedTo = at + chunk.length;
        }
        at += chunk.length;
      }
    });
  }

  /** Hashes through `size` (the whole file must be written) and returns the hex digest. */
  async digest(size: number): Promise<string> {
    this.advanceTo(size);
    await this.#running;
    return this.#hash.digest("hex");
  }

  async #catchUp(): Promise<void> {
    while (this.#hashedTo < this.#frontier) {
      const length = Math.min(READ_BYTES, this.#frontier - this.#hashedTo);
      const { bytesRead } = await this.fd.read(this.#buffer, 0, length, this.#hashedTo);
      if (bytesRead === 0) throw new Error(`The partial file ended at ${this.#hashedTo} bytes, before ${this.#frontier}.`);
      this.#hash.update(this.#buffer.subarray(0, bytesRead));
      this.#hashedTo += bytesRead;
    }
  }
}
