/**
 * Hashes a file that is being written out of order, following its contiguous prefix: while the
 * parts download, the bytes before the first gap are read back (page cache) and hashed, so the
 * verification of a large file is mostly done by the time its last byte arrives instead of being
 * a second full pass afterwards.
 *
 * The reading and hashing run on a worker thread of their own. On the main thread sha256 was the
 * largest single cost of a download (~0.6 CPU-s per GiB, in blocking slices that also kept the
 * sockets unread); on a worker it overlaps with the network I/O. The worker reads through the
 * same file descriptor (descriptors belong to the process, not to a thread), so nothing is copied
 * or transferred between threads: the main thread only posts how far the prefix reaches.
 */
import type { FileHandle } from "node:fs/promises";
import { Worker } from "node:worker_threads";

/**
 * Plain JavaScript evaluated as the worker's entry point: no loader for .ts files is needed in the
 * worker, whichever runner (tsx, vitest, node) started the main thread.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { readSync } = require("node:fs");
const { fd, algorithm, prefix } = workerData;
const hash = createHash(algorithm).update(prefix);
const buffer = Buffer.allocUnsafe(4 << 20);
let hashedTo = 0;
let failed = false;
parentPort.on("message", ({ frontier, digest }) => {
  if (failed) return;
  try {
    while (hashedTo < frontier) {
      const bytesRead = readSync(fd, buffer, 0, Math.min(buffer.length, frontier - hashedTo), hashedTo);
      if (bytesRead === 0) throw new Error("The partial file ended at " + hashedTo + " bytes, before " + frontier + ".");
      hash.update(buffer.subarray(0, bytesRead));
      hashedTo += bytesRead;
    }
    if (digest) parentPort.postMessage({ hex: hash.digest("hex") });
  } catch (error) {
    failed = true;
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
`;

/** The hashing thread is told about the prefix growing in steps of at least this much. */
const POST_STEP_BYTES = 16 << 20;

type WorkerReply = { readonly hex: string } | { readonly error: string };

export class FrontierHasher {
  readonly #worker: Worker;
  readonly #reply: Promise<string>;
  #frontier = 0;

  /** `prefix`: bytes hashed before the content (git's "blob <size>\0" header). */
  constructor(fd: FileHandle, algorithm: "sha256" | "sha1", prefix = "") {
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { fd: fd.fd, algorithm, prefix } });
    this.#reply = new Promise<string>((resolve, reject) => {
      this.#worker.once("message", (reply: WorkerReply) => ("hex" in reply ? resolve(reply.hex) : reject(new Error(reply.error))));
      this.#worker.once("error", reject);
      this.#worker.once("exit", (code) => reject(new Error(`The hashing thread stopped (exit code ${code}).`)));
    });
    // Marked handled here; the failure reaches the caller through digest().
    this.#reply.catch(() => undefined);
  }

  /** Bytes [0, frontier) are written; hash them in the background. */
  advanceTo(frontier: number): void {
    // One message per 1 MiB written batch cost the main thread ~80 ms per GiB; steps keep it negligible.
    if (frontier < this.#frontier + POST_STEP_BYTES) return;
    this.#frontier = frontier;
    this.#worker.postMessage({ frontier });
  }

  /** Hashes through `size` (the whole file must be written) and returns the hex digest. */
  async digest(size: number): Promise<string> {
    this.#worker.postMessage({ frontier: size, digest: true });
    return this.#reply;
  }

  /** Stops the thread; must be awaited before the file descriptor is closed, which it may be reading. */
  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}
