import { describe, expect, it } from "vitest";
import { formatBytes, formatDuration, formatParams, humanizeKey } from "./format.ts";

describe("format", () => {
  it("formats parameter counts the way model cards show them", () => {
    expect(formatParams(134_515_008)).toBe("135M");
    expect(formatParams(1_100_048_384)).toBe("1.1B");
    expect(formatParams("6738415616")).toBe("6.7B");
    expect(formatParams(124_439_808)).toBe("124M");
    expect(formatParams(2_000)).toBe("2K");
  });
  it("formats bytes in binary units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.50 KiB");
    expect(formatBytes(8 * 1024 ** 3)).toBe("8.00 GiB");
    expect(formatBytes(300 * 1024 ** 2)).toBe("300.0 MiB");
  });
  it("turns API keys into words", () => {
    expect(humanizeKey("peakRssBytes")).toBe("peak rss");
    expect(humanizeKey("samplesPerSecond")).toBe("samples per second");
    expect(humanizeKey("durationSeconds")).toBe("duration");
  });
  it("formats durations", () => {
    expect(formatDuration(42)).toBe("42s");
    expect(formatDuration(0.26)).toBe("0.3s");
    expect(formatDuration(9.96)).toBe("10s");
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(125)).toBe("2m 5s");
    expect(formatDuration(3725)).toBe("1h 2m");
    expect(formatDuration(null)).toBe("—");
  });
});
