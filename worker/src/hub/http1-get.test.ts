import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import type { Http1Response } from "./http1-connection.ts";
import { http1Get } from "./http1-get.ts";

/** A raw TCP server: each connection's handler sees every request head it receives and answers by hand. */
async function rawServer(onRequest: (socket: net.Socket, head: string, index: number) => void) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let buffered = "";
    let index = 0;
    socket.on("data", (data) => {
      buffered += data.toString("latin1");
      for (let end = buffered.indexOf("\r\n\r\n"); end !== -1; end = buffered.indexOf("\r\n\r\n")) {
        const head = buffered.slice(0, end);
        buffered = buffered.slice(end + 4);
        onRequest(socket, head, index++);
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: (p = "/f") => new URL(`http://127.0.0.1:${port}${p}`) };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** The whole body, or the error that ended it. */
function readAll(response: Http1Response): Promise<{ body: string; error?: Error }> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    response.body.read(
      (bytes) => parts.push(Buffer.from(bytes)),
      (error) => resolve({ body: Buffer.concat(parts).toString("latin1"), error }),
    );
  });
}

const never = new AbortController().signal;

describe("http1Get", () => {
  it("sends a GET with host and headers, reads a Content-Length body, and reuses the connection", async () => {
    const seen: Array<{ head: string; socket: net.Socket }> = [];
    const server = await rawServer((socket, head) => {
      seen.push({ head, socket });
      socket.write("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-4/5\r\nContent-Length: 5\r\n\r\nhello");
    });
    for (let i = 0; i < 2; i++) {
      const response = await http1Get(server.url("/a%20b?x=1"), { range: "bytes=0-4" }, never);
      expect(response.status).toBe(206);
      expect(response.headers.get("content-range")).toBe("bytes 0-4/5");
      expect(await readAll(response)).toEqual({ body: "hello", error: undefined });
    }
    expect(seen[0].head).toMatch(/^GET \/a%20b\?x=1 HTTP\/1\.1\r\n/);
    expect(seen[0].head).toContain(`host: ${server.url().host}`);
    expect(seen[0].head).toContain("range: bytes=0-4");
    expect(seen[1].socket).toBe(seen[0].socket);
  });

  it("reads chunked bodies, and a large body split across many reads, byte for byte", async () => {
    const large = Buffer.alloc(3 << 20);
    for (let i = 0; i < large.length; i++) large[i] = (i * 7) % 251;
    const server = await rawServer((socket, head) => {
      if (head.startsWith("GET /chunked")) socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
      else socket.write(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${large.length}\r\n\r\n`), large]));
    });
    expect((await readAll(await http1Get(server.url("/chunked"), {}, never))).body).toBe("abcde");
    expect(Buffer.from((await readAll(await http1Get(server.url("/large"), {}, never))).body, "latin1").equals(large)).toBe(true);
  });

  it("keeps body bytes that arrived with the head until read() is called", async () => {
    const server = await rawServer((socket) => socket.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nearly"));
    const response = await http1Get(server.url(), {}, never);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await readAll(response)).toEqual({ body: "early", error: undefined });
  });

  it("ends the body with an error when the connection drops mid-body, after delivering what arrived", async () => {
    const server = await rawServer((socket) => {
      socket.write("HTTP/1.1 206 Partial Content\r\nContent-Length: 100\r\n\r\nfirst bytes", () => setTimeout(() => socket.destroy(), 20));
    });
    const { body, error } = await readAll(await http1Get(server.url(), {}, never));
    expect(body).toBe("first bytes");
    expect(error?.name).toBe("ConnectionClosedInBody");
  });

  it("refuses a header carrying CR or LF before connecting, so nothing can be smuggled in", async () => {
    let requests = 0;
    const server = await rawServer(() => requests++);
    await expect(http1Get(server.url(), { authorization: "Bearer hf_x\r\nx-evil: 1" }, never)).rejects.toThrow(/Invalid character in the authorization header/);
    expect(requests).toBe(0);
  });

  it("fails a request whose connection closes before any answer", async () => {
    const server = await rawServer((socket) => socket.destroy());
    await expect(http1Get(server.url(), {}, never)).rejects.toThrow(/closed before the response/);
  });

  it("resends once on a fresh connection when a reused one was closed by the server", async () => {
    let requests = 0;
    const server = await rawServer((socket, _head, index) => {
      requests++;
      // The first connection answers once, then closes silently on its next request (a stale keep-alive).
      if (index === 1) return socket.destroy();
      socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    });
    const first = await http1Get(server.url(), {}, never);
    await readAll(first);
    expect((await readAll(await http1Get(server.url(), {}, never))).body).toBe("ok");
    expect(requests).toBe(3);
  });

  it("stops at once when the signal aborts, before the head or mid-body", async () => {
    const server = await rawServer((socket, head) => {
      if (head.startsWith("GET /body")) socket.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
    });
    const beforeHead = new AbortController();
    const pending = http1Get(server.url("/silent"), {}, beforeHead.signal);
    setTimeout(() => beforeHead.abort(new Error("stop")), 20);
    await expect(pending).rejects.toThrow("stop");

    const midBody = new AbortController();
    const response = await http1Get(server.url("/body"), {}, midBody.signal);
    const reading = readAll(response);
    setTimeout(() => midBody.abort(new Error("cancelled")), 20);
    const { body, error } = await reading;
    expect(body).toBe("partial");
    expect(error?.message).toBe("cancelled");
  });

  const openssl = (() => {
    try {
      execFileSync("openssl", ["version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();

  // The real Hub and its CDN are https: the same reader must work over TLS (needs the openssl CLI for a throwaway certificate).
  it.skipIf(!openssl)("works over TLS", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "http1-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"], { stdio: "ignore" });
    const cert = readFileSync(path.join(dir, "cert.pem"));
    const body = Buffer.alloc(1 << 20, 7);
    const sockets = new Set<tls.TLSSocket>();
    const server = tls.createServer({ key: readFileSync(path.join(dir, "key.pem")), cert }, (socket) => {
      sockets.add(socket);
      socket.once("data", () => socket.write(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body])));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    server.on("tlsClientError", () => undefined);
    cleanups.push(() => {
      // Our pool keeps the connection open for reuse; close it from the server side.
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const url = new URL(`https://localhost:${(server.address() as net.AddressInfo).port}/f`);
    // Certificates are verified: a self-signed one is refused.
    await expect(http1Get(url, {}, never)).rejects.toThrow(/self-signed|self signed/);
    // Trusted for this one request (Node reads the variable per connection), the body reads as over TCP.
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
    try {
      const { body: received } = await readAll(await http1Get(url, {}, never));
      expect(Buffer.from(received, "latin1").equals(body)).toBe(true);
    } finally {
      delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    }
  });
});
