/**
 * Progress of a multi-file download: bytes done (resumed bytes included), speed as a moving
 * average over the last few seconds (resumed bytes excluded: they cost nothing), and the ETA.
 */
export interface DownloadProgress {
  /** 0..100 */
  readonly percent: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Bytes per second, averaged over the last `windowMs`; null until there is a sample. */
  readonly speed: number | null;
  readonly etaSeconds: number | null;
  readonly currentFile: string | null;
}

export class ProgressMeter {
  #bytesDone = 0;
  #currentFile: string | null = null;
  #samples: Array<{ at: number; fetched: number }> = [];
  #fetched = 0;
  #lastEmit = -Infinity;

  constructor(
    readonly bytesTotal: number,
    private readonly emit: ((progress: DownloadProgress) => void) | undefined,
    private readonly windowMs = 5_000,
    private readonly emitEveryMs = 250,
    private readonly now: () => number = Date.now,
  ) {
    this.#samples.push({ at: now(), fetched: 0 });
  }

  startFile(path: string): void {
    this.#currentFile = path;
    this.#report(true);
  }

  /** Bytes found on disk (already complete files, resumed ranges). */
  resumed(bytes: number): void {
    if (bytes === 0) return;
    this.#bytesDone += bytes;
    this.#report(true);
  }

  fetched(bytes: number): void {
    this.#bytesDone += bytes;
    this.#fetched += bytes;
    this.#report(false);
  }

  /** Bytes that were counted but are being fetched again (a failed verification). */
  discarded(bytes: number): void {
    this.#bytesDone -= bytes;
    this.#report(true);
  }

  finish(): void {
    this.#currentFile = null;
    this.#report(true);
  }

  snapshot(): DownloadProgress {
    const now = this.now();
    this.#samples.push({ at: now, fetched: this.#fetched });
    while (this.#samples.length > 2 && this.#samples[1].at <= now - this.windowMs) this.#samples.shift();
    const oldest = this.#samples[0];
    const elapsed = (now - oldest.at) / 1000;
    const speed = elapsed > 0 ? (this.#fetched - oldest.fetched) / elapsed : null;
    const remaining = this.bytesTotal - this.#bytesDone;
    return {
      percent: this.bytesTotal === 0 ? 100 : Math.min(100, (this.#bytesDone / this.bytesTotal) * 100),
      bytesDone: this.#bytesDone,
      bytesTotal: this.bytesTotal,
      speed,
      etaSeconds: remaining === 0 ? 0 : speed ? remaining / speed : null,
      currentFile: this.#currentFile,
    };
  }

  #report(force: boolean): void {
    if (!this.emit) return;
    const now = this.now();
    if (!force && now - this.#lastEmit < this.emitEveryMs) return;
    this.#lastEmit = now;
    this.emit(this.snapshot());
  }
}
