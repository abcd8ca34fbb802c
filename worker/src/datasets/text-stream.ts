/**
 * Reads a user's file as UTF-8 text, chunk by chunk, refusing binary content early: a NUL byte
 * or an invalid UTF-8 sequence means this is not a text file (a renamed .zip, an image), and the
 * user learns that instead of importing garbage samples.
 */
import { createReadStream } from "node:fs";
import { CodedError } from "../../../contracts/src/index.ts";

export interface ReadProgress {
  (bytesRead: number): void;
}

export const notText = (name: string, why: string) =>
  new CodedError("BAD_USER_INPUT", `${name} is not a UTF-8 text file (${why}).`, "file");

/** Yields decoded text chunks; `onBytes` gets the running byte count after each chunk. */
export async function* readTextChunks(file: string, name: string, signal?: AbortSignal, onBytes?: ReadProgress): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let offset = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20, signal })) {
    const bytes = chunk as Buffer;
    const nul = bytes.indexOf(0);
    if (nul >= 0) throw notText(name, `NUL byte at offset ${offset + nul}`);
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw notText(name, `invalid UTF-8 near offset ${offset}`);
    }
    offset += bytes.length;
    onBytes?.(offset);
    if (text) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw notText(name, "the file ends inside a UTF-8 sequence");
  }
}

/** Splits text chunks into lines (without their '\n' or '\r\n'), with 1-based line numbers. */
export async function* readLines(chunks: AsyncIterable<string>): AsyncGenerator<{ line: string; lineNumber: number }> {
  let pending = "";
  let lineNumber = 0;
  for await (const chunk of chunks) {
    pending += chunk;
    let start = 0;
    for (let nl = pending.indexOf("\n", start); nl >= 0; nl = pending.indexOf("\n", start)) {
      const end = nl > start && pending[nl - 1] === "\r" ? nl - 1 : nl;
      yield { line: pending.slice(start, end), lineNumber: ++lineNumber };
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  if (pending) yield { line: pending.endsWith("\r") ? pending.slice(0, -1) : pending, lineNumber: ++lineNumber };
}
