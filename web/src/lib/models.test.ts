import { describe, expect, it } from "vitest";
import { aModel } from "../test/fixtures.ts";
import { filterModels, NO_FILTER, sortModels } from "./models.ts";

describe("model list order and filters", () => {
  it("puts in-progress models first, then the newest", () => {
    const old = aModel({ id: "old", createdAt: "2026-01-01T00:00:00Z" });
    const fresh = aModel({ id: "fresh", createdAt: "2026-03-01T00:00:00Z" });
    const busy = aModel({ id: "busy", status: "QUANTIZING", createdAt: "2025-01-01T00:00:00Z" });
    expect(sortModels([old, fresh, busy]).map((m) => m.id)).toEqual(["busy", "fresh", "old"]);
  });
  it("filters by status, architecture and search text", () => {
    const models = [
      aModel({ id: "a", repoId: "org/gpt2-tiny", architectureName: "gpt2" }),
      aModel({ id: "b", repoId: "org/llama-tiny", architectureName: "llama", status: "ERROR" }),
    ];
    expect(filterModels(models, { ...NO_FILTER, status: "ERROR" }).map((m) => m.id)).toEqual(["b"]);
    expect(filterModels(models, { ...NO_FILTER, architecture: "gpt2" }).map((m) => m.id)).toEqual(["a"]);
    expect(filterModels(models, { ...NO_FILTER, search: "LLAMA" }).map((m) => m.id)).toEqual(["b"]);
  });
});
