import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_HUB_URL, isHubOrigin, resolveHubAccess } from "./hub-access.ts";

const saved = { endpoint: process.env.HF_ENDPOINT, token: process.env.HF_TOKEN };
afterEach(() => {
  for (const [key, value] of [["HF_ENDPOINT", saved.endpoint], ["HF_TOKEN", saved.token]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("resolveHubAccess", () => {
  it("defaults to the public Hub, reads HF_ENDPOINT (trailing slash dropped), and an explicit hubUrl wins", () => {
    delete process.env.HF_ENDPOINT;
    expect(resolveHubAccess().hubUrl).toBe(DEFAULT_HUB_URL);
    process.env.HF_ENDPOINT = "http://127.0.0.1:9999/";
    expect(resolveHubAccess().hubUrl).toBe("http://127.0.0.1:9999");
    expect(resolveHubAccess({ hubUrl: "http://other:1" }).hubUrl).toBe("http://other:1");
  });

  it("prefers the request's token over HF_TOKEN, and treats an empty one as absent", () => {
    process.env.HF_TOKEN = "hf_fromEnvironment123";
    expect(resolveHubAccess({ accessToken: "hf_fromRequest12345" }).token).toBe("hf_fromRequest12345");
    expect(resolveHubAccess({ accessToken: "" }).token).toBe("hf_fromEnvironment123");
    delete process.env.HF_TOKEN;
    expect(resolveHubAccess({ accessToken: "  " }).token).toBeUndefined();
  });

  it("rejects a token of the wrong shape without echoing it", () => {
    let caught: unknown;
    try {
      resolveHubAccess({ accessToken: "sk-secret-value" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: "BAD_USER_INPUT", field: "accessToken" });
    expect((caught as Error).message).not.toContain("sk-secret-value");
  });

  it("recognises only the Hub's own origin", () => {
    const access = resolveHubAccess({ hubUrl: "https://huggingface.co" });
    expect(isHubOrigin(access, "https://huggingface.co/api/models/x/y")).toBe(true);
    expect(isHubOrigin(access, "https://cdn-lfs.huggingface.co/repos/abc")).toBe(false);
    expect(isHubOrigin(access, "http://huggingface.co/x")).toBe(false);
  });
});
