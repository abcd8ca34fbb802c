import { describe, expect, it } from "vitest";
import {
  assertExtractionTransition,
  assertModelTransition,
  EXTRACTION_STATUSES,
  EXTRACTION_TRANSITIONS,
  InvalidTransitionError,
  MODEL_STATUSES,
  MODEL_TRANSITIONS,
} from "./status.ts";

describe("status machines", () => {
  it("follows the download → convert → ready path", () => {
    expect(() => {
      assertModelTransition("DOWNLOADING", "LOADING");
      assertModelTransition("LOADING", "QUANTIZING");
      assertModelTransition("QUANTIZING", "READY");
    }).not.toThrow();
  });

  it("rejects going backwards and leaving terminal states", () => {
    expect(() => assertModelTransition("READY", "DOWNLOADING")).toThrow(InvalidTransitionError);
    expect(() => assertModelTransition("INCOMPATIBLE", "QUANTIZING")).toThrow(/INCOMPATIBLE to QUANTIZING/);
    expect(() => assertExtractionTransition("COMPLETED", "CANCELLED")).toThrow(InvalidTransitionError);
    expect(() => assertExtractionTransition("CANCELLED", "EXTRACTING")).toThrow(InvalidTransitionError);
  });

  it("lets an interrupted extraction go back to the queue (a worker died and the job is retried)", () => {
    expect(() => assertExtractionTransition("EXTRACTING", "QUEUED")).not.toThrow();
  });

  it("names only known states in its tables", () => {
    for (const targets of Object.values(MODEL_TRANSITIONS)) for (const t of targets) expect(MODEL_STATUSES).toContain(t);
    for (const targets of Object.values(EXTRACTION_TRANSITIONS)) for (const t of targets) expect(EXTRACTION_STATUSES).toContain(t);
  });
});
