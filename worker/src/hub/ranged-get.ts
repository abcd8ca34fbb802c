/**
 * Hub operation: one ranged GET of a file's content through `/resolve/`, on http1Get rather than
 * fetch or node:http (the body is read into one reused buffer and streams straight into the part
 * writer; see http1-connection.ts). Redirects are followed here so the token is sent to the Hub's
 * origin only, never to the CDN a 302 points at.
 */
import { CodedError } from "../../../contracts/src/index.ts";
import { isHubOrigin, type HubAccess } from "./hub-access.ts";
import { hubErrorFromResponse, hubUnreachable, HubError } from "./hub-error.ts";
import type { Http1Response, ResponseBody } from "./http1-connection.ts";
import { http1Get } from "./http1-get.ts";
import { repoWebUrl, type RepoType } from "./repo-type.ts";

const MAX_REDIRECTS = 5;

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

/** The response body for bytes [start, end]; throws HubError on an HTTP or network failure. */
export async function openRangedGet(params: RangedGetParams): Promise<ResponseBody> {
  let url = new URL(resolveUrl(params.access, params.repoId, params.revision, params.path, params.repoType));
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const tokenSent = params.access.token !== undefined && isHubOrigin(params.access, url);
    const response = await request(url, {
      range: `bytes=${params.start}-${params.end}`,
      ...(tokenSent ? { authorization: `Bearer ${params.access.token}` } : {}),
    }, params.signal);
    const status = response.status;
    const location = response.headers.get("location");
    if (status >= 300 && status < 400 && location) {
      response.body.discard();
      url = new URL(location, url);
      continue;
    }
    if (status !== 206 && status !== 200) {
      response.body.discard();
      throw hubErrorFromResponse(
        { status, url: url.href, header: (name) => response.headers.get(name.toLowerCase()) },
        { repoId: params.repoId, repoType: params.repoType, hubUrl: params.access.hubUrl, tokenSent },
      );
    }
    checkContentRange(response, params, url.href);
    return response.body;
  }
  throw new HubError("UNAVAILABLE", `The Hub redirected more than ${MAX_REDIRECTS} times for ${params.path}.`, { url: url.href });
}

function checkContentRange(response: Http1Response, params: RangedGetParams, url: string): void {
  const wholeFile = params.start === 0 && params.end === params.size - 1;
  const contentRange = response.headers.get("content-range");
  if (response.status === 200) {
    // A server that ignores Range sends everything: usable only when everything was asked for.
    if (wholeFile && Number(response.headers.get("content-length")) === params.size) return;
    response.body.destroy();
    throw new HubError("UNAVAILABLE", `The server ignored the byte range for ${params.path}.`, { url, status: 200 });
  }
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(contentRange ?? "");
  if (!match || Number(match[1]) !== params.start || Number(match[2]) !== params.end || (match[3] !== "*" && Number(match[3]) !== params.size)) {
    response.body.destroy();
    throw new CodedError("INTEGRITY", `${params.path} changed on the Hub during the download (got ${contentRange ?? "no Content-Range"}, expected bytes ${params.start}-${params.end}/${params.size}).`);
  }
}

async function request(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<Http1Response> {
  try {
    return await http1Get(url, { "accept-encoding": "identity", ...headers }, signal);
  } catch (error) {
    throw signal.aborted ? signal.reason : hubUnreachable(url.href, error);
  }
}
