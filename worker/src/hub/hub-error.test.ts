import { describe, expect, it } from "vitest";
import { hubErrorFromResponse, HubError, TOKEN_PAGE_URL } from "./hub-error.ts";

const response = (status: number, headers: Record<string, string> = {}) => ({
  status,
  url: "https://hub.example/org/model/resolve/abc/config.json?Signature=secret",
  header: (name: string) => headers[name.toLowerCase()],
});
const context = (tokenSent: boolean) => ({ repoId: "org/model", hubUrl: "https://hub.example", tokenSent });

describe("hubErrorFromResponse", () => {
  it.each([
    [401, { "x-error-code": "GatedRepo" }, false, "GATED"],
    [403, { "x-error-code": "GatedRepo" }, true, "GATED"],
    [401, {}, true, "GATED"],
    [401, { "x-error-code": "RepoNotFound" }, false, "NOT_FOUND"],
    [404, { "x-error-code": "RepoNotFound" }, true, "NOT_FOUND"],
    [404, { "x-error-code": "EntryNotFound" }, false, "NOT_FOUND"],
    [404, { "x-error-code": "RevisionNotFound" }, false, "NOT_FOUND"],
    [403, {}, false, "GATED"],
    [429, { "retry-after": "12" }, false, "RATE_LIMITED"],
    [500, {}, false, "UNAVAILABLE"],
    [503, {}, true, "UNAVAILABLE"],
  ] as const)("%i %o (token sent: %s) → %s", (status, headers, tokenSent, code) => {
    const error = hubErrorFromResponse(response(status, headers), context(tokenSent));
    expect(error).toBeInstanceOf(HubError);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
  });

  it("a gated refusal explains the token page, the token format and where to request access", () => {
    const error = hubErrorFromResponse(response(401, { "x-error-code": "GatedRepo", "x-request-id": "req-1" }), context(false));
    expect(error.message).toContain(TOKEN_PAGE_URL);
    expect(error.message).toContain("hf_");
    expect(error.message).toContain("https://hub.example/org/model");
    expect(error.message).toMatch(/gated/);
    expect(error.requestId).toBe("req-1");
    expect(error.hubErrorCode).toBe("GatedRepo");
    expect(error.field).toBe("accessToken");
  });

  it("keeps the URL without its query (CDN signatures) and the Retry-After", () => {
    const error = hubErrorFromResponse(response(429, { "retry-after": "12" }), context(false));
    expect(error.url).toBe("https://hub.example/org/model/resolve/abc/config.json");
    expect(JSON.stringify(error.details)).not.toContain("secret");
    expect(error.retryAfterSeconds).toBe(12);
  });
});
