/**
 * Incremental parser for one HTTP/1.1 response (RFC 9112) fed the bytes of a connection as they
 * are read. It exists so the ranged downloader can read sockets into one reused buffer (node:http
 * allocates a fresh buffer per socket read, and that garbage was most of a download's CPU): body
 * bytes are handed on as views of the caller's buffer, valid only during the callback, never copied.
 *
 * Framing, in RFC order: 1xx heads are skipped; 204 and 304 have no body; a Transfer-Encoding that
 * ends in chunked is chunked; any other Transfer-Encoding, or no Content-Length, runs until the
 * connection closes; otherwise Content-Length. Untrusted sizes have named limits.
 */

/** Hub and CDN heads are a few KiB; a larger one is broken or hostile. */
const MAX_HEAD_BYTES = 64 << 10;
/** A chunk-size line is a hex number plus optional extensions; trailers are rare and small. */
const MAX_CHUNK_LINE_BYTES = 4 << 10;
/** Hex digits in a chunk size: 13 covers any size a JavaScript number holds exactly. */
const MAX_CHUNK_SIZE_DIGITS = 13;

export interface ResponseHead {
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: ReadonlyMap<string, string>;
  /** False when the server said `Connection: close` or the body runs until the connection closes. */
  readonly keepAlive: boolean;
}

export interface ResponseHandlers {
  onHead(head: ResponseHead): void;
  /** A view of the bytes passed to push(): valid only during this call. */
  onBody(bytes: Uint8Array): void;
  onComplete(): void;
}

export class Http1ParseError extends Error {
  readonly code = "HTTP_PARSE";
  constructor(message: string) {
    super(message);
    this.name = "Http1ParseError";
  }
}

type State =
  | { readonly kind: "head" }
  | { readonly kind: "length"; remaining: number }
  | { readonly kind: "chunk-size" }
  | { readonly kind: "chunk-data"; remaining: number }
  | { readonly kind: "chunk-end" }
  | { readonly kind: "trailers" }
  | { readonly kind: "until-close" }
  | { readonly kind: "done" };

export class Http1ResponseParser {
  readonly #handlers: ResponseHandlers;
  #state: State = { kind: "head" };
  /** Bytes of a head or a chunk line that arrived split across reads. */
  #pending: Buffer = Buffer.alloc(0);

  constructor(handlers: ResponseHandlers) {
    this.#handlers = handlers;
  }

  get complete(): boolean {
    return this.#state.kind === "done";
  }

  /** True once the head was parsed (a connection dropping before that never answered). */
  get headReceived(): boolean {
    return this.#state.kind !== "head";
  }

  /** Feeds the next bytes read from the connection; throws Http1ParseError on a malformed response. */
  push(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      const state = this.#state;
      switch (state.kind) {
        case "head":
          at = this.#readHead(bytes, at);
          break;
        case "length":
        case "chunk-data": {
          const take = Math.min(state.remaining, bytes.length - at);
          this.#handlers.onBody(bytes.subarray(at, at + take));
          at += take;
          state.remaining -= take;
          if (state.remaining === 0) this.#state = state.kind === "length" ? this.#finish() : { kind: "chunk-end" };
          break;
        }
        case "until-close":
          this.#handlers.onBody(bytes.subarray(at));
          at = bytes.length;
          break;
        case "chunk-size":
        case "chunk-end":
        case "trailers":
          at = this.#readChunkLine(state.kind, bytes, at);
          break;
        case "done":
          throw new Http1ParseError("The server sent bytes after the end of the response.");
      }
    }
  }

  /** The connection closed: completes a body that runs until close; false when the response was cut short. */
  end(): boolean {
    if (this.#state.kind === "until-close") this.#state = this.#finish();
    return this.complete;
  }

  #finish(): State {
    this.#handlers.onComplete();
    return { kind: "done" };
  }

  #readHead(bytes: Uint8Array, at: number): number {
    const searchFrom = Math.max(0, this.#pending.length - 3);
    const rest = Buffer.from(bytes.buffer, bytes.byteOffset + at, bytes.length - at);
    const buffered = this.#pending.length === 0 ? rest : Buffer.concat([this.#pending, rest]);
    const end = buffered.indexOf("\r\n\r\n", searchFrom);
    if (end === -1) {
      if (buffered.length > MAX_HEAD_BYTES) throw new Http1ParseError(`The response head exceeds ${MAX_HEAD_BYTES} bytes.`);
      // Copied: `bytes` is the caller's read buffer and is overwritten by the next read.
      this.#pending = Buffer.from(buffered);
      return bytes.length;
    }
    if (end > MAX_HEAD_BYTES) throw new Http1ParseError(`The response head exceeds ${MAX_HEAD_BYTES} bytes.`);
    const consumed = end + 4 - this.#pending.length;
    this.#pending = Buffer.alloc(0);
    const head = parseHead(buffered.toString("latin1", 0, end));
    // Informational answers (100 Continue, 103 Early Hints) precede the real one.
    if (head.status >= 100 && head.status < 200) return at + consumed;
    this.#state = bodyState(head);
    this.#handlers.onHead({ ...head, keepAlive: head.keepAlive && this.#state.kind !== "until-close" });
    if (this.#state.kind === "length" && this.#state.remaining === 0) this.#state = this.#finish();
    return at + consumed;
  }

  /** One CRLF-terminated line of chunked framing: a chunk size, the CRLF after data, or a trailer. */
  #readChunkLine(kind: "chunk-size" | "chunk-end" | "trailers", bytes: Uint8Array, at: number): number {
    const lf = bytes.indexOf(0x0a, at);
    if (lf === -1) {
      this.#pending = Buffer.concat([this.#pending, bytes.subarray(at)]);
      if (this.#pending.length > MAX_CHUNK_LINE_BYTES) throw new Http1ParseError("A chunk-size line or trailer is too long.");
      return bytes.length;
    }
    const raw = Buffer.concat([this.#pending, bytes.subarray(at, lf)]);
    this.#pending = Buffer.alloc(0);
    if (raw.length > MAX_CHUNK_LINE_BYTES) throw new Http1ParseError("A chunk-size line or trailer is too long.");
    const line = raw.toString("latin1").replace(/\r$/, "");
    if (kind === "chunk-end") {
      if (line !== "") throw new Http1ParseError("A chunk's data is not followed by CRLF.");
      this.#state = { kind: "chunk-size" };
    } else if (kind === "trailers") {
      if (line === "") this.#state = this.#finish();
    } else {
      const size = parseChunkSize(line);
      this.#state = size === 0 ? { kind: "trailers" } : { kind: "chunk-data", remaining: size };
    }
    return lf + 1;
  }
}

interface ParsedHead {
  readonly status: number;
  readonly headers: Map<string, string>;
  readonly keepAlive: boolean;
}

function parseHead(text: string): ParsedHead {
  const lines = text.split(/\r?\n/);
  const statusLine = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(lines[0]);
  if (!statusLine) throw new Http1ParseError(`Not an HTTP/1.x status line: ${JSON.stringify(lines[0].slice(0, 80))}.`);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    // Obsolete line folding (a line starting with whitespace) is rejected, as RFC 9112 allows.
    if (colon <= 0 || /^[ \t]/.test(line)) throw new Http1ParseError(`Malformed header line: ${JSON.stringify(line.slice(0, 80))}.`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  const connection = (headers.get("connection") ?? "").toLowerCase().split(",").map((token) => token.trim());
  const keepAlive = statusLine[1] === "1" ? !connection.includes("close") : connection.includes("keep-alive");
  return { status: Number(statusLine[2]), headers, keepAlive };
}

function bodyState(head: ParsedHead): State {
  if (head.status === 204 || head.status === 304) return { kind: "length", remaining: 0 };
  const transferEncoding = head.headers.get("transfer-encoding");
  if (transferEncoding !== undefined) {
    const codings = transferEncoding.toLowerCase().split(",").map((coding) => coding.trim());
    return codings.at(-1) === "chunked" ? { kind: "chunk-size" } : { kind: "until-close" };
  }
  const contentLength = head.headers.get("content-length");
  if (contentLength === undefined) return { kind: "until-close" };
  // Repeated identical values ("5, 5") are allowed; differing ones are a smuggling attempt or a bug.
  const values = new Set(contentLength.split(",").map((value) => value.trim()));
  const [value] = values;
  if (values.size !== 1 || !/^\d{1,15}$/.test(value)) throw new Http1ParseError(`Invalid Content-Length: ${JSON.stringify(contentLength.slice(0, 80))}.`);
  return { kind: "length", remaining: Number(value) };
}

function parseChunkSize(line: string): number {
  const digits = line.split(";")[0].trim();
  if (!/^[0-9a-fA-F]+$/.test(digits) || digits.replace(/^0+(?=.)/, "").length > MAX_CHUNK_SIZE_DIGITS) {
    throw new Http1ParseError(`Invalid chunk size: ${JSON.stringify(line.slice(0, 80))}.`);
  }
  return Number.parseInt(digits, 16);
}
