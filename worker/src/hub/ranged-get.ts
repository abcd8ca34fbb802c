/**
 * Hub operation: one ranged GET of a file's content through `/resolve/`, on node:http(s) rather
 * than fetch (streams straight into the part writer with less overhead). Redirects are followed
 * here so the token is sent to the Hub's origin only, never to the CDN a 302 points at.
 */
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { CodedError } from "../../../contracts/src/index.ts";
import { isHubOrigin, type HubAccess } from "./hub-access.ts";
import { hubErrorFromResponse, hubUnreachable, HubError } from "./hub-error.ts";
import { repoWebUrl, type RepoType } from "./repo-type.ts";

const MAX_REDIRECTS = 5;
// Keep-alive: parts and retries reuse connections instead of paying a handshake each time.
const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };

export interface RangedGetParams {
  readonly access: HubAccess;
  readonly repoId: string;
  /** Default "model". */
  readonly repoType?: RepoType;
  readonly revision: string;
  readonly path: string;
  /** Inclusive first and last byte. */
  readonly start: number;
  readonly end: number;
  /** Whole file size, checked against Content-Range so a changed file is never spliced in. */
  readonly size: number;
  readonly signal: AbortSignal;
}

export function resolveUrl(access: HubAccess, repoId: string, revision: string, filePath: string, repoType?: RepoType): string {
  const encodedPath = filePath.split("/").map(encodeURIComponent).join("/");
  return `${repoWebUrl(access.hubUrl, repoId, repoType)}/resolve/${encodeURIComponent(revision)}/${encodedPath}`;
}

/** The response body stream for bytes [start, end]; throws HubError on an HTTP or network failure. */
export async function openRangedGet(params: RangedGetParams): Promise<IncomingMessage> {
  let url = new URL(resolveUrl(params.access, params.repoId, params.revision, params.path, params.repoType));
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const tokenSent = params.access.token !== undefined && isHubOrigin(params.access, url);
    const response = await request(url, {
      range: `bytes=${params.start}-${params.end}`,
      ...(tokenSent ? { authorization: `Bearer ${params.access.token}` } : {}),
    }, params.signal);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      url = new URL(response.headers.location, url);
      continue;
    }
    if (status !== 206 && status !== 200) {
      response.resume();
      throw hubErrorFromResponse(
        { status, url: url.href, header: (name) => single(response.headers[name]) },
        { repoId: params.repoId, repoType: params.repoType, hubUrl: params.access.hubUrl, tokenSent },
      );
    }
    checkContentRange(response, params, url.href);
    return response;
  }
  throw new HubError("UNAVAILABLE", `The Hub redirected more than ${MAX_REDIRECTS} times for ${params.path}.`, { url: url.href });
}

function checkContentRange(response: IncomingMessage, params: RangedGetParams, url: string): void {
  const wholeFile = params.start === 0 && params.end === params.size - 1;
  if (response.statusCode === 200) {
    // A server that ignores Range sends everything: usable only when everything was asked for.
    if (wholeFile && Number(response.headers["content-length"]) === params.size) return;
    response.destroy();
    throw new HubError("UNAVAILABLE", `The server ignored the byte range for ${params.path}.`, { url, status: 200 });
  }
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers["content-range"] ?? "");
  if (!match || Number(match[1]) !== params.start || Number(match[2]) !== params.end || (match[3] !== "*" && Number(match[3]) !== params.size)) {
    response.destroy();
    throw new CodedError("INTEGRITY", `${params.path} changed on the Hub during the download (got ${response.headers["content-range"] ?? "no Content-Range"}, expected bytes ${params.start}-${params.end}/${params.size}).`);
  }
}

function request(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<IncomingMessage> {
  const client = url.protocol === "https:" ? https : http;
  const agent = agents[url.protocol as keyof typeof agents];
  return new Promise((resolve, reject) => {
    const req = client.get(url, { headers: { "accept-encoding": "identity", ...headers }, agent, signal }, resolve);
    req.on("error", (error) => reject(signal.aborted ? signal.reason : hubUnreachable(url.href, error)));
  });
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
