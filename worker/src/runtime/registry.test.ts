import { describe, expect, it } from "vitest";
import { handlers } from "../jobs/index.ts";
import { assertComplete } from "./registry.ts";

describe("the job handler registry", () => {
  it("has exactly one handler for every job name in the contracts", () => {
    expect(() => assertComplete(handlers)).not.toThrow();
  });

  it("refuses a registry with a missing or an unknown job name", () => {
    const { "convert-model": _missing, ...partial } = handlers;
    expect(() => assertComplete(partial)).toThrow(/missing \[convert-model\]/);
    expect(() => assertComplete({ ...handlers, "train-model": handlers["download-model"] })).toThrow(/unknown \[train-model\]/);
  });
});
