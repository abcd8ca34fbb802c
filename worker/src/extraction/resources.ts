/**
 * CPU and memory of this process, sampled about once a second while an engine job runs. CPU
 * time covers every thread of the process (the inference thread and ORT's pool included), so
 * 200% means both cores busy.
 */
import type { ResourceSample } from "../../../contracts/src/index.ts";

export class ResourceSampler {
  private lastCpu = process.cpuUsage();
  private lastAt = process.hrtime.bigint();
  private peak = 0;
  private timer: NodeJS.Timeout | null = null;

  /** Calls `onSample` every `intervalMs` until stopped (the timer never keeps the process alive). */
  start(onSample: (sample: ResourceSample) => void, intervalMs = 1000): void {
    this.stop();
    this.timer = setInterval(() => onSample(this.sample()), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** CPU % since the previous sample, and the current resident set. */
  sample(): ResourceSample {
    const cpu = process.cpuUsage();
    const at = process.hrtime.bigint();
    const cpuMicros = cpu.user - this.lastCpu.user + (cpu.system - this.lastCpu.system);
    const wallMicros = Number(at - this.lastAt) / 1000;
    this.lastCpu = cpu;
    this.lastAt = at;
    const rssBytes = process.memoryUsage.rss();
    this.peak = Math.max(this.peak, rssBytes);
    return { at: new Date().toISOString(), cpuPercent: wallMicros > 0 ? (100 * cpuMicros) / wallMicros : 0, rssBytes };
  }

  /** Highest resident set seen: the kernel's high-water mark for this process, or our samples. */
  peakRssBytes(): number {
    return Math.max(this.peak, process.resourceUsage().maxRSS * 1024);
  }
}
