import { describe, expect, it } from "vitest";
import { Http1ParseError, Http1ResponseParser, type ResponseHead } from "./http1-response-parser.ts";

/** Feeds `chunks` to a parser and records what it reported. */
function parse(chunks: readonly (string | Buffer)[], closeAfter = false) {
  const heads: ResponseHead[] = [];
  const body: Buffer[] = [];
  let completions = 0;
  const parser = new Http1ResponseParser({
    onHead: (head) => heads.push(head),
    // Copied, as a real caller must: the view is only valid during the call.
    onBody: (bytes) => body.push(Buffer.from(bytes)),
    onComplete: () => completions++,
  });
  for (const chunk of chunks) parser.push(typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk);
  const endedComplete = closeAfter ? parser.end() : undefined;
  return { parser, heads, body: Buffer.concat(body).toString("latin1"), completions, endedComplete };
}

/** Every byte in its own read: the hardest split of heads, chunk lines and CRLFs. */
const byteByByte = (text: string) => [...Buffer.from(text, "latin1")].map((byte) => Buffer.from([byte]));

describe("Http1ResponseParser", () => {
  it("parses a Content-Length response: status, lower-case headers, body, completion", () => {
    const result = parse(["HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-4/10\r\nContent-Length: 5\r\nX-A: 1\r\nx-a: 2\r\n\r\nhello"]);
    expect(result.heads).toHaveLength(1);
    expect(result.heads[0].status).toBe(206);
    expect(result.heads[0].headers.get("content-range")).toBe("bytes 0-4/10");
    expect(result.heads[0].headers.get("x-a")).toBe("1, 2");
    expect(result.heads[0].keepAlive).toBe(true);
    expect(result.body).toBe("hello");
    expect(result.completions).toBe(1);
    expect(result.parser.complete).toBe(true);
  });

  it("handles a head and body split across reads at every byte", () => {
    const text = "HTTP/1.1 200 OK\r\ncontent-length: 11\r\n\r\nhello world";
    const result = parse(byteByByte(text));
    expect(result.heads[0].headers.get("content-length")).toBe("11");
    expect(result.body).toBe("hello world");
    expect(result.completions).toBe(1);
  });

  it("decodes chunked bodies with extensions and trailers, split at every byte", () => {
    const text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n";
    for (const chunks of [[text], byteByByte(text)]) {
      const result = parse(chunks);
      expect(result.body).toBe("hello 0123456789");
      expect(result.completions).toBe(1);
      expect(result.heads[0].keepAlive).toBe(true);
    }
  });

  it("reads a body without length until the connection closes; not reusable", () => {
    const result = parse(["HTTP/1.1 200 OK\r\n\r\nsome", " bytes"], true);
    expect(result.heads[0].keepAlive).toBe(false);
    expect(result.body).toBe("some bytes");
    expect(result.endedComplete).toBe(true);
    expect(result.completions).toBe(1);
  });

  it("reports a connection dropped mid-body as incomplete", () => {
    const lengthCut = parse(["HTTP/1.1 206 Partial Content\r\nContent-Length: 10\r\n\r\nabc"], true);
    expect(lengthCut.body).toBe("abc");
    expect(lengthCut.endedComplete).toBe(false);
    expect(lengthCut.completions).toBe(0);
    const chunkCut = parse(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"], true);
    expect(chunkCut.body).toBe("hel");
    expect(chunkCut.endedComplete).toBe(false);
    const headCut = parse(["HTTP/1.1 200 OK\r\nContent-Le"], true);
    expect(headCut.heads).toHaveLength(0);
    expect(headCut.parser.headReceived).toBe(false);
    expect(headCut.endedComplete).toBe(false);
  });

  it("skips 1xx heads, and completes 204 and zero-length responses at the head", () => {
    const informational = parse(["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"]);
    expect(informational.heads.map((head) => head.status)).toEqual([200]);
    expect(informational.body).toBe("ok");
    expect(parse(["HTTP/1.1 204 No Content\r\n\r\n"]).completions).toBe(1);
    expect(parse(["HTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n"]).completions).toBe(1);
  });

  it("honours Connection: close and HTTP/1.0 keep-alive rules", () => {
    expect(parse(["HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"]).heads[0].keepAlive).toBe(false);
    expect(parse(["HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"]).heads[0].keepAlive).toBe(false);
    expect(parse(["HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n"]).heads[0].keepAlive).toBe(true);
  });

  it("rejects malformed or hostile responses", () => {
    const bad = [
      "HTTP/2 200\r\n\r\n",
      "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
      "HTTP/1.1 200 OK\r\nA: 1\r\n folded\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffff\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nab",
      `HTTP/1.1 200 OK\r\nX: ${"a".repeat(70_000)}`,
    ];
    for (const text of bad) expect(() => parse([text]), text.slice(0, 60)).toThrow(Http1ParseError);
    expect(parse(["HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello"]).body).toBe("hello");
  });
});
