import { describe, expect, it } from "vitest";
import { hubErrorFromResponse } from "./hub-error.ts";
import { resolveUrl } from "./ranged-get.ts";
import { repoWebUrl } from "./repo-type.ts";

const access = { hubUrl: "https://hub.example" };

describe("repo type in URLs", () => {
  it("puts datasets under /datasets/ and leaves models (the default) at the root", () => {
    expect(repoWebUrl(access.hubUrl, "org/set", "dataset")).toBe("https://hub.example/datasets/org/set");
    expect(repoWebUrl(access.hubUrl, "org/model")).toBe("https://hub.example/org/model");
    expect(resolveUrl(access, "org/set", "main", "data/train-00000-of-00001.parquet", "dataset")).toBe(
      "https://hub.example/datasets/org/set/resolve/main/data/train-00000-of-00001.parquet",
    );
    expect(resolveUrl(access, "org/model", "main", "a b/c.json")).toBe("https://hub.example/org/model/resolve/main/a%20b/c.json");
  });

  it("sends the user to the dataset's own page for access to a gated dataset", () => {
    const gated = { status: 401, url: "https://hub.example/datasets/org/set/resolve/x/y", header: (name: string) => (name === "x-error-code" ? "GatedRepo" : undefined) };
    const error = hubErrorFromResponse(gated, { repoId: "org/set", repoType: "dataset", hubUrl: access.hubUrl, tokenSent: false });
    expect(error.code).toBe("GATED");
    expect(error.message).toContain("dataset page (https://hub.example/datasets/org/set)");
    const model = hubErrorFromResponse(gated, { repoId: "org/m", hubUrl: access.hubUrl, tokenSent: false });
    expect(model.message).toContain("model page (https://hub.example/org/m)");
  });
});
