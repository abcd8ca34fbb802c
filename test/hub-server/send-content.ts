/**
 * Streams a byte range of a hosted file, applying the response's faults, and counts every byte
 * handed to the socket so tests can assert exactly what was (re-)fetched.
 */
import { createReadStream } from "node:fs";
import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { ResponseFaults } from "./faults.ts";
import type { HostedFile } from "./repos.ts";

const CHUNK = 256 * 1024;
/** Throttled responses are cut finer so the rate is smooth. */
const THROTTLED_CHUNK = 16 * 1024;

async function* readRange(file: HostedFile, start: number, endInclusive: number): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(file.source)) {
    for (let offset = start; offset <= endInclusive; offset += CHUNK) yield file.source.subarray(offset, Math.min(offset + CHUNK, endInclusive + 1));
    return;
  }
  yield* createReadStream(file.source.filePath, { start, end: endInclusive, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
}

function write(res: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    res.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

/** Resolves when the body is sent, the fault cut it, or the client went away. */
export async function sendRange(
  res: ServerResponse,
  file: HostedFile,
  start: number,
  endInclusive: number,
  faults: ResponseFaults,
  countServed: (bytes: number) => void,
): Promise<void> {
  const began = Date.now();
  let sent = 0;
  const cutAt = Math.min(faults.dropAfter ?? Infinity, faults.stall?.afterBytes ?? Infinity);
  // No socket yet is not gone: a keep-alive client may send its next request before this server
  // has ended the previous response (the client already has all its bytes), and Node then queues
  // the response, socket-less, until the one before it ends. Treating that as a closed connection
  // left such responses unanswered until the client timed out.
  const gone = () => res.destroyed || res.socket?.destroyed === true;
  try {
    for await (const raw of readRange(file, start, endInclusive)) {
      const step = faults.bytesPerSecond !== undefined ? THROTTLED_CHUNK : raw.length;
      for (let at = 0; at < raw.length; at += step) {
        if (gone()) return;
        let chunk = raw.subarray(at, at + step);
        if (sent + chunk.length > cutAt) chunk = chunk.subarray(0, cutAt - sent);
        chunk = corrupt(chunk, start + sent, faults.corruptOffsets);
        if (chunk.length > 0) {
          await write(res, chunk);
          sent += chunk.length;
          countServed(chunk.length);
        }
        if (sent >= cutAt) {
          if (faults.dropAfter !== undefined && sent >= faults.dropAfter) {
            res.socket?.destroy();
            return;
          }
          await stall(res, faults.stall?.ms);
          if (gone()) return;
          faults = { ...faults, stall: undefined };
          return await sendRange(res, file, start + sent, endInclusive, faults, countServed);
        }
        if (faults.bytesPerSecond !== undefined) {
          const due = began + (sent / faults.bytesPerSecond) * 1000;
          if (due > Date.now()) await sleep(due - Date.now());
        }
      }
    }
    res.end();
  } catch {
    // The client closed the connection mid-body: nothing left to send.
    res.destroy();
  }
}

function corrupt(chunk: Buffer, chunkOffset: number, offsets: readonly number[]): Buffer {
  const inside = offsets.filter((offset) => offset >= chunkOffset && offset < chunkOffset + chunk.length);
  if (inside.length === 0) return chunk;
  const copy = Buffer.from(chunk);
  for (const offset of inside) copy[offset - chunkOffset] ^= 0xff;
  return copy;
}

async function stall(res: ServerResponse, ms: number | undefined): Promise<void> {
  const closed = new Promise<void>((resolve) => res.once("close", () => resolve()));
  await (ms === undefined ? closed : Promise.race([closed, sleep(ms)]));
}
