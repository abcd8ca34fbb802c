/**
 * Progress of one extraction: an event whenever the completed share crosses a whole percent
 * (so at least every 1 %), and one about every second with a fresh resource sample (CPU %,
 * RSS), both carrying samples done, tokens/s and ETA measured since this (re)start.
 */
import type { ExtractionProgressEvent, ResourceSample } from "../../../contracts/src/index.ts";
import { ResourceSampler } from "./resources.ts";

/** What a progress event carries besides the extraction's id and status (the job handler adds those). */
export type ExtractionProgress = Omit<ExtractionProgressEvent, "extractionId" | "status" | "errorCode">;

export class ProgressReporter {
  private readonly sampler = new ResourceSampler();
  private readonly t0 = performance.now();
  private resources: ResourceSample | null = null;
  private lastPercent = -1;
  private done: number;
  private batchSize: number;

  constructor(
    private readonly samples: number,
    private readonly sequenceLength: number,
    private readonly resumedFrom: number,
    batchSize: number,
    private readonly onProgress?: (progress: ExtractionProgress) => void,
  ) {
    this.done = resumedFrom;
    this.batchSize = batchSize;
  }

  start(): void {
    this.sampler.start((sample) => {
      this.resources = sample;
      this.emit();
    });
    this.emit(this.resumedFrom > 0 ? `Resuming at sample ${this.resumedFrom}.` : null);
  }

  stop(): void {
    this.sampler.stop();
  }

  peakRssBytes(): number {
    return this.sampler.peakRssBytes();
  }

  /** Records completed samples; emits when a new whole percent is reached. */
  completed(samplesDone: number): void {
    this.done = samplesDone;
    if (Math.floor((100 * samplesDone) / this.samples) > this.lastPercent) this.emit();
  }

  batchSizeChanged(batchSize: number, message: string): void {
    this.batchSize = batchSize;
    this.emit(message);
  }

  finished(tokensPerSecond: number): void {
    this.onProgress?.({ ...this.event("Completed."), percent: 100, tokensPerSecond, etaSeconds: 0 });
  }

  private emit(message: string | null = null): void {
    this.onProgress?.(this.event(message));
  }

  private event(message: string | null): ExtractionProgress {
    const elapsed = (performance.now() - this.t0) / 1000;
    const doneHere = this.done - this.resumedFrom;
    const rate = elapsed > 0 && doneHere > 0 ? doneHere / elapsed : null;
    const percent = (100 * this.done) / this.samples;
    this.lastPercent = Math.floor(percent);
    return {
      percent,
      samplesDone: this.done,
      samplesTotal: this.samples,
      tokensPerSecond: rate === null ? null : rate * this.sequenceLength,
      etaSeconds: rate === null ? null : (this.samples - this.done) / rate,
      batchSize: this.batchSize,
      message,
      resources: this.resources,
      at: new Date().toISOString(),
    };
  }
}
