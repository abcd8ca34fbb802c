/**
 * `http1Get`: a GET over Http1Connection with keep-alive, so the parts of a download and their
 * retries reuse connections instead of paying a TCP (and TLS) handshake per request.
 *
 * Idle connections are kept per origin, unreferenced so they never hold the process open, and
 * dropped as soon as the server closes them. A reused connection can still lose that race (the
 * server closes it as the request goes out): a GET that got no byte of response on a reused
 * connection is sent again on the next one, which is safe because GET is idempotent.
 */
import { ConnectionClosedBeforeResponse, Http1Connection, type ConnectionEvents, type Http1Response } from "./http1-connection.ts";

/** Idle connections kept per origin: a download uses a few parts at a time. */
const MAX_IDLE_PER_ORIGIN = 8;

const idle = new Map<string, Http1Connection[]>();

const events: ConnectionEvents = {
  onReusable(connection) {
    const list = idle.get(connection.origin) ?? [];
    if (list.length >= MAX_IDLE_PER_ORIGIN) return connection.close();
    connection.setIdle(true);
    list.push(connection);
    idle.set(connection.origin, list);
  },
  onClosed(connection) {
    const list = idle.get(connection.origin);
    const at = list?.indexOf(connection) ?? -1;
    if (at !== -1) list!.splice(at, 1);
  },
};

/** The response head of `GET url`; its body must be read, discarded or destroyed. */
export async function http1Get(url: URL, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<Http1Response> {
  // A CR or LF in a header (a token read from the environment, say) would smuggle in headers.
  const unsafe = Object.entries(headers).find(([name, value]) => /[\r\n\0]/.test(name + value));
  if (unsafe) throw new TypeError(`Invalid character in the ${unsafe[0]} header.`);
  const target = `${url.pathname}${url.search}`;
  for (;;) {
    const reused = idle.get(url.origin)?.pop();
    const connection = reused ?? (await Http1Connection.open(url, signal, events));
    connection.setIdle(false);
    try {
      return await connection.request(target, headers, signal);
    } catch (error) {
      if (reused === undefined || signal.aborted || !(error instanceof ConnectionClosedBeforeResponse)) throw error;
    }
  }
}
