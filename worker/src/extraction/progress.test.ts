import { describe, expect, it } from "vitest";
import { ProgressReporter, type ExtractionProgress } from "./progress.ts";
import { ResourceSampler } from "./resources.ts";

describe("ProgressReporter", () => {
  it("emits at every whole percent (and only then), with rate and ETA", () => {
    const events: ExtractionProgress[] = [];
    const reporter = new ProgressReporter(1000, 128, 0, 8, (e) => events.push(e));
    reporter.start();
    reporter.stop();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ samplesDone: 0, samplesTotal: 1000, percent: 0, tokensPerSecond: null, etaSeconds: null });
    for (let done = 1; done <= 1000; done++) reporter.completed(done);
    const percents = events.slice(1).map((e) => Math.floor(e.percent));
    expect(percents).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const mid = events[50];
    expect(mid.tokensPerSecond).toBeGreaterThan(0);
    expect(mid.etaSeconds).toBeGreaterThan(0);
    reporter.finished(1234);
    expect(events.at(-1)).toMatchObject({ percent: 100, etaSeconds: 0, tokensPerSecond: 1234, message: "Completed." });
  });

  it("reports a resumed run's start and measures its rate from the resume point", () => {
    const events: ExtractionProgress[] = [];
    const reporter = new ProgressReporter(100, 16, 40, 4, (e) => events.push(e));
    reporter.start();
    reporter.stop();
    expect(events[0]).toMatchObject({ samplesDone: 40, percent: 40, message: "Resuming at sample 40." });
    reporter.batchSizeChanged(2, "halved");
    expect(events.at(-1)).toMatchObject({ batchSize: 2, message: "halved" });
  });
});

describe("ResourceSampler", () => {
  it("samples CPU % of the interval and the resident set, and fires about once per interval", async () => {
    const sampler = new ResourceSampler();
    const end = performance.now() + 50;
    let x = 0;
    while (performance.now() < end) x += Math.sqrt(x + 1);
    const sample = sampler.sample();
    // > 0 rather than near 100: on a loaded machine this thread may get little of a core.
    expect(sample.cpuPercent).toBeGreaterThan(0);
    expect(sample.rssBytes).toBeGreaterThan(10e6);
    expect(sampler.peakRssBytes()).toBeGreaterThanOrEqual(sample.rssBytes);
    const seen: number[] = [];
    sampler.start((s) => seen.push(s.rssBytes), 20);
    const deadline = Date.now() + 5000;
    while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    sampler.stop();
    const count = seen.length;
    expect(count).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 60));
    expect(seen.length).toBe(count);
  });
});
