/**
 * Where the Hub is and which credential to present to it. Every Hub operation takes a HubAccess
 * so that nothing reads the environment on its own: `HF_ENDPOINT` and `HF_TOKEN` are read here only.
 */
import { CodedError } from "../../../contracts/src/index.ts";

export const DEFAULT_HUB_URL = "https://huggingface.co";

export interface HubAccess {
  /** Origin (and optional base path) of the Hub, no trailing slash. */
  readonly hubUrl: string;
  /** User access token; attached only to requests for `hubUrl`'s origin (see hub-fetch.ts). */
  readonly token?: string;
}

/** Token shape the Hub issues; anything else is rejected before it is sent anywhere. */
const TOKEN_PATTERN = /^hf_[A-Za-z0-9]{8,}$/;

/**
 * The access to use for one request: the caller's token wins over `HF_TOKEN`; an empty string
 * counts as not given (HF_TOKEN, if set, then applies). A token of the wrong shape is bad input
 * (its value never enters the message).
 */
export function resolveHubAccess(options: { accessToken?: string | null; hubUrl?: string } = {}): HubAccess {
  const hubUrl = (options.hubUrl ?? process.env.HF_ENDPOINT ?? DEFAULT_HUB_URL).replace(/\/+$/, "");
  const supplied = options.accessToken?.trim() || process.env.HF_TOKEN?.trim() || undefined;
  if (supplied !== undefined && !TOKEN_PATTERN.test(supplied)) {
    throw new CodedError(
      "BAD_USER_INPUT",
      "The access token is not a Hugging Face token: tokens look like hf_… (letters and digits after hf_). Create one at https://huggingface.co/settings/tokens.",
      "accessToken",
    );
  }
  return supplied === undefined ? { hubUrl } : { hubUrl, token: supplied };
}

/** True when `url` points at the Hub itself (the only place the token may go). */
export function isHubOrigin(access: HubAccess, url: string | URL): boolean {
  return new URL(url).origin === new URL(access.hubUrl).origin;
}
