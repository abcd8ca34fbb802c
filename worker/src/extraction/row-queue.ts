/** Token rows between the source and the batches: read ahead of need, handed out in any batch size. */
export class RowQueue {
  private readonly queue: number[][] = [];
  private readonly iterator: AsyncIterator<number[]>;
  private exhausted = false;

  constructor(source: AsyncIterable<number[]>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  async take(count: number): Promise<number[][]> {
    while (this.queue.length < count && !this.exhausted) {
      const next = await this.iterator.next();
      if (next.done) this.exhausted = true;
      else this.queue.push(next.value);
    }
    return this.queue.splice(0, count);
  }

  /** Puts rows back at the front (a batch that must be re-run smaller). */
  giveBack(rows: number[][]): void {
    this.queue.unshift(...rows);
  }
}
