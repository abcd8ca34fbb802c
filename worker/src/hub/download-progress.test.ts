import { describe, expect, it } from "vitest";
import { ProgressMeter, type DownloadProgress } from "./download-progress.ts";

describe("ProgressMeter", () => {
  it("reports percent, a moving-average speed (resumed bytes excluded) and the ETA", () => {
    let now = 0;
    const events: DownloadProgress[] = [];
    const meter = new ProgressMeter(1000, (p) => events.push(p), 5_000, 0, () => now);
    meter.startFile("a.bin");
    meter.resumed(200);
    now = 1_000;
    meter.fetched(100);
    expect(events.at(-1)).toMatchObject({ percent: 30, bytesDone: 300, speed: 100, etaSeconds: 7, currentFile: "a.bin" });
    // 10 s later at a faster rate: the window forgets the start.
    for (let second = 2; second <= 11; second++) {
      now = second * 1_000;
      meter.fetched(50);
    }
    expect(events.at(-1)!.speed).toBeCloseTo(50, 0);
    meter.discarded(100);
    expect(events.at(-1)!.bytesDone).toBe(700);
    meter.finish();
    expect(events.at(-1)!.currentFile).toBeNull();
  });

  it("throttles unforced events", () => {
    let now = 0;
    const events: DownloadProgress[] = [];
    const meter = new ProgressMeter(100, (p) => events.push(p), 5_000, 250, () => now);
    for (let i = 0; i < 10; i++) {
      now += 10;
      meter.fetched(1);
    }
    expect(events).toHaveLength(1);
  });
});
