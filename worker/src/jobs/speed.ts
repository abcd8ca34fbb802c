/** Moving-average throughput over the last few seconds, for progress events. */
export class SpeedMeter {
  private samples: Array<{ at: number; done: number }> = [];

  constructor(private readonly windowMs = 5_000) {}

  /** Records the running total; returns units per second over the window (null until measurable). */
  sample(done: number, at = performance.now()): number | null {
    this.samples.push({ at, done });
    while (this.samples.length > 2 && at - this.samples[0].at > this.windowMs) this.samples.shift();
    const first = this.samples[0];
    const seconds = (at - first.at) / 1000;
    return seconds > 0 ? (done - first.done) / seconds : null;
  }
}

export const etaSeconds = (remaining: number, perSecond: number | null) => (perSecond && perSecond > 0 ? remaining / perSecond : null);
