/**
 * One HTTP/1.1 client connection (TCP or TLS) that reads the socket into a single buffer it owns
 * (the `onread` option of node:net/node:tls) and parses responses with Http1ResponseParser. This is
 * the downloader's transport: node:http allocates a fresh buffer for every socket read, and at
 * gigabytes per minute that garbage (allocation, page faults, major GCs to free it) cost more CPU
 * than receiving, writing and hashing the bytes together. Here a body is handed on as views of the
 * read buffer, which the downloader writes to its file before the next read.
 *
 * One request at a time, no pipelining; after a complete keep-alive response the connection
 * reports itself reusable. GET only, no request body.
 */
import net from "node:net";
import tls from "node:tls";
import { Http1ResponseParser, type ResponseHead } from "./http1-response-parser.ts";

/** Per connection; larger reads mean fewer syscalls and callbacks (loopback delivers up to this per read). */
const READ_BUFFER_BYTES = 256 << 10;

export interface ResponseBody {
  /**
   * Starts the body flowing. `onBytes` gets each piece as it is read: a view of the connection's
   * read buffer, overwritten after the call returns, so copy what you keep. `onEnd` is called once:
   * without an argument when the body is complete, with the error when the connection failed first.
   */
  read(onBytes: (bytes: Uint8Array) => void, onEnd: (error?: Error) => void): void;
  /** Closes the connection: the rest of the body is not wanted. */
  destroy(): void;
  /** Reads the rest of the body and drops it, so a keep-alive connection can be reused. */
  discard(): void;
}

export interface Http1Response {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: ResponseBody;
}

/** The connection closed or failed before a response head arrived. */
export class ConnectionClosedBeforeResponse extends Error {
  readonly code = "ECONNRESET";
  constructor(cause?: Error) {
    super(`The connection closed before the response${cause ? ` (${cause.message})` : ""}.`, { cause });
    this.name = "ConnectionClosedBeforeResponse";
  }
}

/** The connection closed or failed in the middle of a response body. */
export class ConnectionClosedInBody extends Error {
  readonly code = "ECONNRESET";
  constructor(cause?: Error) {
    super(`The connection closed before the end of the response body${cause ? ` (${cause.message})` : ""}.`, { cause });
    this.name = "ConnectionClosedInBody";
  }
}

export interface ConnectionEvents {
  /** A response completed and the server keeps the connection open: it may carry the next request. */
  onReusable(connection: Http1Connection): void;
  onClosed(connection: Http1Connection): void;
}

/** The response in progress: its parser, and where its body goes. */
interface Exchange {
  readonly parser: Http1ResponseParser;
  readonly signal: AbortSignal;
  readonly onAbort: () => void;
  head?: ResponseHead;
  resolveHead(response: Http1Response): void;
  rejectHead(error: Error): void;
  sink?: { onBytes(bytes: Uint8Array): void; onEnd(error?: Error): void };
  /** Body bytes that arrived with the head, before read() was called (copied). */
  early: Buffer[];
  completed: boolean;
  ended: boolean;
  /** Why the body failed, kept for a read() that comes after the failure. */
  failure?: Error;
}

export class Http1Connection {
  /** `protocol://host:port`, as URL.origin spells it. */
  readonly origin: string;
  readonly #socket: net.Socket;
  readonly #host: string;
  readonly #events: ConnectionEvents;
  #exchange: Exchange | undefined;
  #awaitingSink = false;
  #closed = false;

  private constructor(socket: net.Socket, url: URL, events: ConnectionEvents) {
    this.origin = url.origin;
    this.#socket = socket;
    this.#host = url.host;
    this.#events = events;
    socket.on("error", (error) => this.#onClosed(error));
    socket.on("close", () => this.#onClosed());
  }

  /** Connects to the URL's origin (TLS for https:, with SNI); rejects when the signal aborts first. */
  static open(url: URL, signal: AbortSignal, events: ConnectionEvents): Promise<Http1Connection> {
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
    // Called only once connected, by which time `connection` below is set.
    const onread: net.OnReadOpts = { buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES), callback: (bytes, buffer) => connection.#onRead(buffer.subarray(0, bytes)) };
    // tls.connect documents `onread` (as net.Socket's); @types/node's ConnectionOptions lacks it.
    const tlsOptions: tls.ConnectionOptions & { onread: net.OnReadOpts } = { host, port, servername: net.isIP(host) ? undefined : host, ALPNProtocols: ["http/1.1"], onread };
    const socket = url.protocol === "https:" ? tls.connect(tlsOptions) : net.connect({ host, port, onread });
    const connection = new Http1Connection(socket, url, events);
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        signal.removeEventListener("abort", onAbort);
        socket.destroy();
        reject(error);
      };
      const onAbort = () => fail(signal.reason as Error);
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      socket.once("error", fail);
      socket.once(url.protocol === "https:" ? "secureConnect" : "connect", () => {
        signal.removeEventListener("abort", onAbort);
        socket.off("error", fail);
        socket.setNoDelay(true);
        resolve(connection);
      });
    });
  }

  /** Keeps an idle pooled connection from holding the process open. */
  setIdle(idle: boolean): void {
    if (idle) this.#socket.unref();
    else this.#socket.ref();
  }

  close(): void {
    this.#socket.destroy();
  }

  /** Sends `GET target` and resolves with the response head; the body waits for read(). */
  request(target: string, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<Http1Response> {
    if (this.#exchange !== undefined) throw new Error("Http1Connection: a request is already in progress.");
    // Closed while idle in the pool, its close event not yet seen: http1Get sends the request again.
    if (this.#closed) return Promise.reject(new ConnectionClosedBeforeResponse());
    return new Promise((resolveHead, rejectHead) => {
      const exchange: Exchange = {
        parser: new Http1ResponseParser({
          onHead: (head) => this.#onHead(exchange, head),
          onBody: (bytes) => this.#onBody(exchange, bytes),
          onComplete: () => {
            exchange.completed = true;
          },
        }),
        signal,
        onAbort: () => this.#fail(exchange, signal.reason as Error),
        resolveHead,
        rejectHead,
        early: [],
        completed: false,
        ended: false,
      };
      if (signal.aborted) return rejectHead(signal.reason as Error);
      this.#exchange = exchange;
      signal.addEventListener("abort", exchange.onAbort, { once: true });
      const lines = [`GET ${target} HTTP/1.1`, `host: ${this.#host}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
      this.#socket.write(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
      this.#resumeSocket();
    });
  }

  /** The read callback: returns false to stop reading until resumed. */
  #onRead(bytes: Uint8Array): boolean {
    const exchange = this.#exchange;
    if (exchange === undefined) {
      // Nothing was asked: a server talking out of turn cannot be trusted with the next request.
      this.#socket.destroy();
      return false;
    }
    try {
      exchange.parser.push(bytes);
    } catch (error) {
      this.#fail(exchange, error as Error);
      this.#socket.destroy();
      return false;
    }
    if (exchange.completed && exchange.sink !== undefined) this.#finish(exchange);
    // An idle connection keeps reading, so a server closing it is noticed before it is reused.
    return !this.#awaitingSink;
  }

  #onHead(exchange: Exchange, head: ResponseHead): void {
    exchange.head = head;
    // Until the caller attaches a sink, stop reading: at most one read's worth is held in `early`.
    this.#awaitingSink = true;
    exchange.resolveHead({ status: head.status, headers: head.headers, body: this.#body(exchange) });
  }

  #onBody(exchange: Exchange, bytes: Uint8Array): void {
    if (exchange.sink !== undefined) exchange.sink.onBytes(bytes);
    else exchange.early.push(Buffer.from(bytes));
  }

  #body(exchange: Exchange): ResponseBody {
    return {
      read: (onBytes, onEnd) => {
        if (exchange.sink !== undefined) throw new Error("ResponseBody.read() called twice.");
        exchange.sink = { onBytes, onEnd };
        this.#awaitingSink = false;
        for (const bytes of exchange.early.splice(0)) onBytes(bytes);
        if (exchange.failure !== undefined) onEnd(exchange.failure);
        else if (exchange.completed) this.#finish(exchange);
        else if (!exchange.ended) this.#resumeSocket();
      },
      destroy: () => {
        if (exchange.ended) return;
        this.#fail(exchange, new ConnectionClosedInBody());
        this.#socket.destroy();
      },
      discard: () => {
        if (exchange.ended) return;
        exchange.sink ??= { onBytes: () => undefined, onEnd: () => undefined };
        exchange.early = [];
        this.#awaitingSink = false;
        if (exchange.completed) this.#finish(exchange);
        else this.#resumeSocket();
      },
    };
  }

  /** Restarts reading after the read callback returned false. */
  #resumeSocket(): void {
    if (!this.#closed) this.#socket.resume();
  }

  /** The body is complete: tell the reader, then offer the connection for the next request. */
  #finish(exchange: Exchange): void {
    if (exchange.ended) return;
    exchange.ended = true;
    exchange.signal.removeEventListener("abort", exchange.onAbort);
    this.#exchange = undefined;
    this.#awaitingSink = false;
    exchange.sink?.onEnd();
    if (exchange.head?.keepAlive && !this.#closed) {
      this.#resumeSocket();
      this.#events.onReusable(this);
    } else {
      this.#socket.destroy();
    }
  }

  /** Ends the exchange with an error: before the head, the request fails; after it, the body does. */
  #fail(exchange: Exchange, error: Error): void {
    if (exchange.ended) return;
    exchange.ended = true;
    exchange.signal.removeEventListener("abort", exchange.onAbort);
    if (this.#exchange === exchange) this.#exchange = undefined;
    this.#socket.destroy();
    if (exchange.head === undefined) exchange.rejectHead(error);
    else if (exchange.sink !== undefined) exchange.sink.onEnd(error);
    else exchange.failure = error;
  }

  #onClosed(error?: Error): void {
    const firstClose = !this.#closed;
    this.#closed = true;
    const exchange = this.#exchange;
    if (exchange !== undefined && !exchange.ended) {
      // A body that runs until the connection closes ends here, complete.
      if (error === undefined && exchange.head !== undefined && exchange.parser.end()) {
        if (exchange.sink !== undefined) this.#finish(exchange);
      } else {
        this.#fail(exchange, exchange.head === undefined ? new ConnectionClosedBeforeResponse(error) : new ConnectionClosedInBody(error));
      }
    }
    if (firstClose) this.#events.onClosed(this);
  }
}
