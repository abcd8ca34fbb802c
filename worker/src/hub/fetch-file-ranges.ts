/**
 * Fetches the missing byte ranges of one file into its partial file, in parallel parts, and keeps
 * the sidecar up to date so a crash loses at most one flush interval of bytes.
 *
 * Each part is a loop of ranged requests: it resumes at its own cursor after a dropped connection,
 * a stall (no byte for `stallTimeoutMs`) or a transient HTTP error, with exponential backoff and at
 * most `retries` failures in a row (a failure after progress counts as the first again, since the
 * cursor only moves forward). Disk full is not retried: it stops every part at once.
 */
import type { FileHandle } from "node:fs/promises";
import { open } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { CodedError, isCodedError } from "../../../contracts/src/index.ts";
import { splitIntoParts, type ByteRange } from "./byte-ranges.ts";
import { saveSidecar, type SidecarIdentity } from "./download-sidecar.ts";
import { drainBody } from "./drain-body.ts";
import type { HubAccess } from "./hub-access.ts";
import { HubError } from "./hub-error.ts";
import { openRangedGet } from "./ranged-get.ts";

export interface TransferTuning {
  /** Parallel ranged requests per file. */
  readonly parts: number;
  /** Files (and remainders) smaller than this are fetched in one request. */
  readonly minPartBytes: number;
  /** A part with no byte for this long is aborted and retried. */
  readonly stallTimeoutMs: number;
  /** Failures in a row a part tolerates before the download fails. */
  readonly retries: number;
  /** First backoff; doubles per failure in a row. */
  readonly backoffMs: number;
  /** How often finished ranges are flushed to the sidecar. */
  readonly flushIntervalMs: number;
}

export interface FetchFileRangesParams {
  readonly access: HubAccess;
  readonly identity: SidecarIdentity;
  readonly tempPath: string;
  readonly sidecarPath: string;
  /** Ranges already on disk (from the sidecar). */
  readonly done: readonly ByteRange[];
  readonly missing: readonly ByteRange[];
  readonly tuning: TransferTuning;
  readonly signal: AbortSignal;
  /** Called with each count of newly written bytes. */
  onBytes(bytes: number): void;
}

interface Part {
  readonly start: number;
  readonly end: number;
  /** Bytes [start, cursor) are written. */
  cursor: number;
}

const MAX_BACKOFF_MS = 30_000;

export async function fetchFileRanges(params: FetchFileRangesParams): Promise<void> {
  const { tuning, identity } = params;
  const parts: Part[] = splitIntoParts(params.missing, tuning.parts, tuning.minPartBytes).map(([start, end]) => ({ start, end, cursor: start }));
  const fd = await openForPositionalWrites(params.tempPath);
  const stopParts = new AbortController();
  const signal = AbortSignal.any([params.signal, stopParts.signal]);

  let flushing = Promise.resolve();
  const flush = () => {
    flushing = flushing.then(async () => {
      // Snapshot before the datasync: every byte behind these cursors is then on disk.
      const written: ByteRange[] = [...params.done, ...parts.map((part): ByteRange => [part.start, part.cursor])];
      await fd.datasync();
      await saveSidecar(params.sidecarPath, identity, written);
    });
    return flushing;
  };
  // Written before any data, so a full disk later still finds the sidecar's blocks to reuse.
  await flush();
  const ticker = setInterval(() => void flush().catch(() => undefined), tuning.flushIntervalMs);

  let firstError: unknown;
  const results = await Promise.allSettled(
    parts.map((part) =>
      runPart(part, fd, params, signal).catch((error: unknown) => {
        firstError ??= error;
        stopParts.abort(error);
        throw error;
      }),
    ),
  );
  clearInterval(ticker);
  try {
    // Best effort after a failure: on a full disk even the sidecar may not fit; the last one stays valid.
    await flush().catch((error: unknown) => {
      if (firstError === undefined) throw error;
    });
  } finally {
    await fd.close();
  }
  if (results.some((result) => result.status === "rejected")) throw firstError;
}

async function openForPositionalWrites(tempPath: string): Promise<FileHandle> {
  try {
    return await open(tempPath, "r+");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    // Never "a": on Linux, writes to a file opened for appending ignore the position.
    return open(tempPath, "w+");
  }
}

async function runPart(part: Part, fd: FileHandle, params: FetchFileRangesParams, signal: AbortSignal): Promise<void> {
  const { tuning, identity } = params;
  let failuresInARow = 0;
  while (part.cursor < part.end) {
    signal.throwIfAborted();
    const attempt = new AbortController();
    const stall = new StallTimer(tuning.stallTimeoutMs, () => attempt.abort(new PartStalled(identity.path, tuning.stallTimeoutMs)));
    const before = part.cursor;
    try {
      const body = await openRangedGet({
        access: params.access,
        repoId: identity.repoId,
        revision: identity.revision,
        path: identity.path,
        start: part.cursor,
        end: part.end - 1,
        size: identity.size,
        signal: AbortSignal.any([signal, attempt.signal]),
      });
      await drainBody(body, async (received) => {
        stall.reset();
        const chunk = received.subarray(0, part.end - part.cursor);
        if (chunk.length === 0) return;
        await writeAt(fd, chunk, part.cursor);
        part.cursor += chunk.length;
        params.onBytes(chunk.length);
      });
      if (part.cursor < part.end) throw new HubError("UNAVAILABLE", `The connection closed early while downloading ${identity.path}.`);
    } catch (error) {
      signal.throwIfAborted();
      const failure = attempt.signal.aborted ? attempt.signal.reason : error;
      if (!isTransient(failure)) throw failure;
      failuresInARow = part.cursor > before ? 1 : failuresInARow + 1;
      if (failuresInARow > tuning.retries) throw asUnavailable(failure, identity.path);
      await sleep(backoffDelay(failuresInARow, tuning.backoffMs, failure), undefined, { signal });
    } finally {
      stall.stop();
    }
  }
}

async function writeAt(fd: FileHandle, chunk: Buffer, position: number): Promise<void> {
  try {
    let written = 0;
    while (written < chunk.length) {
      const { bytesWritten } = await fd.write(chunk, written, chunk.length - written, position + written);
      written += bytesWritten;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOSPC" || code === "EDQUOT") {
      throw new CodedError("INSUFFICIENT_STORAGE", "The disk is full: the download stopped. The bytes already fetched are kept; free space and retry to resume.");
    }
    throw error;
  }
}

/** Network-level failures and the Hub saying "later" are worth another try; everything else is final. */
function isTransient(error: unknown): boolean {
  if (error instanceof PartStalled) return true;
  if (isCodedError(error)) return error.code === "UNAVAILABLE" || error.code === "RATE_LIMITED";
  return true;
}

function asUnavailable(error: unknown, filePath: string): unknown {
  if (isCodedError(error)) return error;
  const reason = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
  return new HubError("UNAVAILABLE", `Downloading ${filePath} kept failing (${reason}).`);
}

function backoffDelay(failuresInARow: number, baseMs: number, error: unknown): number {
  const exponential = Math.min(baseMs * 2 ** (failuresInARow - 1), MAX_BACKOFF_MS);
  const retryAfter = error instanceof HubError && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 0;
  return Math.min(Math.max(exponential, retryAfter), MAX_BACKOFF_MS);
}

class PartStalled extends Error {
  constructor(filePath: string, ms: number) {
    super(`No data for ${ms} ms while downloading ${filePath}.`);
    this.name = "PartStalled";
  }
}

class StallTimer {
  #timer: NodeJS.Timeout;
  constructor(ms: number, onStall: () => void) {
    this.#timer = setTimeout(onStall, ms);
  }
  reset(): void {
    this.#timer.refresh();
  }
  stop(): void {
    clearTimeout(this.#timer);
  }
}
