import { describe, expect, it } from "vitest";
import { AllocationError, runFailure } from "./ort-runner.ts";

describe("runFailure", () => {
  it.each([
    "Failed to allocate memory for requested buffer of size 805306368",
    "std::bad_alloc",
    "bad allocation",
    "[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : Allocation failed",
  ])("treats %j as an allocation failure", (message) => {
    expect(runFailure(message)).toBeInstanceOf(AllocationError);
  });

  it("keeps other ORT failures plain (no batch halving)", () => {
    const error = runFailure("Non-zero status code returned while running Gather node. indices element out of data bounds");
    expect(error).not.toBeInstanceOf(AllocationError);
    expect(error.message).toMatch(/^ORT run failed: .*out of data bounds/);
  });
});
