/**
 * The `fetch` handed to @huggingface/hub (as its injectable `fetch`). It is the single place where
 * the token is attached, and it follows redirects itself so that the token provably goes to the
 * Hub's origin only (a 302 to a CDN host is followed without it). Failed answers become HubError
 * here, where the `X-Error-Code` header is still visible (the library's own error hides it).
 */
import { isHubOrigin, type HubAccess } from "./hub-access.ts";
import { hubErrorFromResponse, hubUnreachable, HubError } from "./hub-error.ts";
import type { RepoType } from "./repo-type.ts";

const MAX_REDIRECTS = 5;
/** Metadata requests are small; one that takes longer than this is treated as the Hub being down. */
const METADATA_TIMEOUT_MS = 30_000;

export function createHubFetch(access: HubAccess, repoId: string, repoType?: RepoType): typeof fetch {
  return async (input, init) => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    const baseHeaders = new Headers(init?.headers);
    baseHeaders.delete("authorization");
    const signal = init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(METADATA_TIMEOUT_MS)]) : AbortSignal.timeout(METADATA_TIMEOUT_MS);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const headers = new Headers(baseHeaders);
      const tokenSent = access.token !== undefined && isHubOrigin(access, url);
      if (tokenSent) headers.set("authorization", `Bearer ${access.token}`);
      let response: Response;
      try {
        response = await fetch(url, { ...init, headers, redirect: "manual", signal });
      } catch (error) {
        if (init?.signal?.aborted) throw error;
        throw hubUnreachable(url.href, error);
      }
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        url = new URL(location, url);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw hubErrorFromResponse(
          { status: response.status, url: url.href, header: (name) => response.headers.get(name) ?? undefined },
          { repoId, repoType, hubUrl: access.hubUrl, tokenSent },
        );
      }
      // Redirected responses do not carry their final URL; the library reads `url` to reuse it.
      if (hop > 0) Object.defineProperty(response, "url", { value: url.href });
      return response;
    }
    throw new HubError("UNAVAILABLE", `The Hub redirected more than ${MAX_REDIRECTS} times for ${repoId}.`, { url: url.href });
  };
}
