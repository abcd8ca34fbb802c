/**
 * Float32 buffers the converter reuses from weight to weight. A transformer repeats the same few
 * shapes in every block, so a buffer handed back is usually the exact size the next block needs;
 * reusing it spares the page faults of fresh multi-MB memory, which were most of a conversion's
 * system time. The buffers live in shared memory, so the quantization pool's threads read them
 * in place instead of copying each chunk out (quant/pool.ts).
 */
export class ScratchBuffers {
  /** Buffers handed back, least recently first. */
  private readonly free: Float32Array[] = [];

  /** `maxFree` bounds what is held while unused: a shape that does not recur is dropped soon. */
  constructor(private readonly maxFree: number) {}

  /** A buffer of exactly `length` elements, with arbitrary contents. */
  take(length: number): Float32Array {
    for (let i = this.free.length - 1; i >= 0; i--) {
      if (this.free[i]!.length === length) return this.free.splice(i, 1)[0]!;
    }
    return new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));
  }

  /** Hands `buffer` back; the caller must not touch it afterwards. */
  give(buffer: Float32Array): void {
    this.free.push(buffer);
    if (this.free.length > this.maxFree) this.free.shift();
  }
}
