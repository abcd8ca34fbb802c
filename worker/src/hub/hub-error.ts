/**
 * The one error class for Hub failures. It is a CodedError (so the API and the job runner treat it
 * like any other product error) that also carries what is needed to report the failure upstream:
 * HTTP status, the URL (query stripped: CDN URLs carry signatures), the Hub's request id and its
 * `X-Error-Code`. The token is never part of any of these.
 */
import { CodedError, type ErrorCode } from "../../../contracts/src/index.ts";
import { DEFAULT_REPO_TYPE, repoWebUrl, type RepoType } from "./repo-type.ts";

export const TOKEN_PAGE_URL = "https://huggingface.co/settings/tokens";

export interface HubErrorInfo {
  readonly status?: number;
  readonly url?: string;
  readonly requestId?: string;
  readonly hubErrorCode?: string;
  readonly retryAfterSeconds?: number;
}

export class HubError extends CodedError {
  readonly status?: number;
  readonly url?: string;
  readonly requestId?: string;
  readonly hubErrorCode?: string;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, info: HubErrorInfo = {}, field?: string) {
    const url = info.url === undefined ? undefined : stripQuery(info.url);
    super(code, message, field, { ...info, url });
    this.name = "HubError";
    this.status = info.status;
    this.url = url;
    this.requestId = info.requestId;
    this.hubErrorCode = info.hubErrorCode;
    this.retryAfterSeconds = info.retryAfterSeconds;
  }
}

/** What a failed Hub response looked like, independent of the HTTP client that received it. */
export interface FailedHubResponse {
  readonly status: number;
  readonly url: string;
  header(name: string): string | undefined;
}

export interface HubRequestContext {
  readonly repoId: string;
  /** Default "model"; decides which page the user is sent to for access. */
  readonly repoType?: RepoType;
  readonly hubUrl: string;
  /** Whether the request carried a token: 401 means "needs one" without, "rejected" with. */
  readonly tokenSent: boolean;
}

/** Turns a non-2xx Hub answer into a HubError with the product's code and a message a user can act on. */
export function hubErrorFromResponse(response: FailedHubResponse, context: HubRequestContext): HubError {
  const info: HubErrorInfo = {
    status: response.status,
    url: response.url,
    requestId: response.header("x-request-id"),
    hubErrorCode: response.header("x-error-code"),
    retryAfterSeconds: parseRetryAfter(response.header("retry-after")),
  };
  const { repoId } = context;
  const repoType = context.repoType ?? DEFAULT_REPO_TYPE;
  const repoPage = repoWebUrl(context.hubUrl, repoId, repoType);
  // The type names the page a user knows ("model page", "dataset page").
  const pageName = `${repoType} page`;
  if (info.hubErrorCode === "GatedRepo") {
    const why = context.tokenSent
      ? `the access token you gave has not been granted access to ${repoId}`
      : `${repoId} can only be downloaded with an access token`;
    return new HubError(
      "GATED",
      `Repository ${repoId} is gated: ${why}. Request access on the ${pageName} (${repoPage}), then pass a Hugging Face access token (format hf_…, created at ${TOKEN_PAGE_URL}).`,
      info,
      "accessToken",
    );
  }
  if (response.status === 401 && context.tokenSent && info.hubErrorCode !== "RepoNotFound") {
    return new HubError(
      "GATED",
      `The Hub rejected the access token for ${repoId} (invalid, expired or revoked). Create a new one at ${TOKEN_PAGE_URL} (format hf_…); for a gated repository also request access on the ${pageName} (${repoPage}).`,
      info,
      "accessToken",
    );
  }
  if (response.status === 404 || (response.status === 401 && info.hubErrorCode === "RepoNotFound")) {
    return notFound(response.status, info, context);
  }
  if (response.status === 401 || response.status === 403) {
    return new HubError(
      "GATED",
      `Access to ${repoId} was refused (HTTP ${response.status}). If the repository is gated or private, request access on the ${pageName} (${repoPage}) and pass an access token (format hf_…, created at ${TOKEN_PAGE_URL}).`,
      info,
      "accessToken",
    );
  }
  if (response.status === 429) {
    const wait = info.retryAfterSeconds === undefined ? "" : ` Retry after ${info.retryAfterSeconds} s.`;
    return new HubError("RATE_LIMITED", `The Hub is rate limiting requests for ${repoId}.${wait}`, info);
  }
  return new HubError("UNAVAILABLE", `The Hub answered HTTP ${response.status} for ${repoId}.`, info);
}

function notFound(status: number, info: HubErrorInfo, context: HubRequestContext): HubError {
  const { repoId } = context;
  switch (info.hubErrorCode) {
    case "EntryNotFound":
      return new HubError("NOT_FOUND", `A file of ${repoId} was not found on the Hub.`, info);
    case "RevisionNotFound":
      return new HubError("NOT_FOUND", `The requested revision of ${repoId} does not exist.`, info, "revision");
    default: {
      // Without a token the Hub cannot tell "does not exist" from "private"; say both.
      const hint = context.tokenSent ? "" : " If it is private, pass an access token that can read it.";
      return new HubError("NOT_FOUND", `Repository ${repoId} was not found on the Hub (HTTP ${status}).${hint}`, info, "repoId");
    }
  }
}

/** A request that never got an HTTP answer (DNS, refused, reset, timeout). */
export function hubUnreachable(url: string, cause: unknown): HubError {
  const reason = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(cause);
  return new HubError("UNAVAILABLE", `The Hub could not be reached (${reason}).`, { url });
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

function stripQuery(url: string): string {
  const queryAt = url.indexOf("?");
  return queryAt < 0 ? url : url.slice(0, queryAt);
}
