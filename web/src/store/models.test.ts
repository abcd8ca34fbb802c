import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { ModelsQuery } from "../api/documents.ts";
import { aModel } from "../test/fixtures.ts";
import { fakeApiWith } from "../test/render.tsx";
import { createModels, foldModelEvent, foldModelProgress } from "./models.ts";

describe("models slice", () => {
  it("folds list events: created and updated replace the row, deleted removes it", () => {
    const a = aModel({ id: "a" });
    const one = foldModelEvent({}, { kind: "CREATED", modelId: "a", model: a });
    expect(one).toEqual({ a });
    const renamed = { ...a, statusMessage: "checked" };
    expect(foldModelEvent(one, { kind: "UPDATED", modelId: "a", model: renamed })).toEqual({ a: renamed });
    expect(foldModelEvent(one, { kind: "DELETED", modelId: "a", model: null })).toEqual({});
  });

  it("folds progress into the known row, and ignores progress for rows it does not know", () => {
    const a = aModel({ id: "a", status: "DOWNLOADING" });
    const progress = { phase: "conversion", percent: 12, bytesDone: null, bytesTotal: null, speed: null, etaSeconds: null, currentFile: null, message: null, resources: null, at: "t" };
    const next = foldModelProgress({ a }, { modelId: "a", status: "QUANTIZING", errorCode: null, model: null, progress });
    expect(next.a).toEqual({ ...a, status: "QUANTIZING", progress });
    expect(foldModelProgress({ a }, { modelId: "zz", status: "READY", errorCode: null, model: null, progress })).toEqual({ a });
  });

  it("reads every page of the models connection", async () => {
    const fake = fakeApiWith(Array.from({ length: 450 }, (_, i) => aModel({ id: `m${i}` })));
    const { models, dispose } = createRoot((dispose) => ({ models: createModels(fake.api), dispose }));
    await models.load();
    expect(models.list()).toHaveLength(450);
    expect(fake.callsOf(ModelsQuery)).toEqual([
      { first: 200, after: null },
      { first: 200, after: "200" },
      { first: 200, after: "400" },
    ]);
    dispose();
  });
});
