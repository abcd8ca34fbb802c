import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { createLatest } from "./latest.ts";

/** A request whose answers the test releases by hand, in any order. */
function manual() {
  const pending = new Map<string, (value: string) => void>();
  const run = (input: string) => new Promise<string>((resolve) => pending.set(input, resolve));
  return { run, answer: (input: string) => pending.get(input)!(`plan for ${input}`) };
}

describe("createLatest", () => {
  it("lets only the newest request's answer land, and keeps the last answer while loading", async () => {
    const { run, answer } = manual();
    const { latest, dispose } = createRoot((dispose) => ({ latest: createLatest(run, 0), dispose }));
    latest.request("a");
    answer("a");
    await Promise.resolve();
    await Promise.resolve();
    expect(latest.state()).toEqual({ status: "ready", value: "plan for a" });

    latest.request("b");
    latest.request("c");
    expect(latest.state()).toEqual({ status: "loading", value: "plan for a" });
    answer("c");
    await Promise.resolve();
    await Promise.resolve();
    answer("b"); // overtaken: must not replace c
    await Promise.resolve();
    await Promise.resolve();
    expect(latest.state()).toEqual({ status: "ready", value: "plan for c" });

    latest.reset();
    expect(latest.state()).toEqual({ status: "idle" });
    dispose();
  });
});
