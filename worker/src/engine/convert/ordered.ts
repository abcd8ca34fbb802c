/**
 * Runs `prepare` on up to `concurrency` items at once and hands results to `consume` strictly in
 * input order, so CPU work (quantization in the pool's threads) overlaps while the output stays
 * deterministic and at most `concurrency` prepared items are held in memory.
 */
export async function mapOrdered<T, R>(
  items: readonly T[],
  concurrency: number,
  prepare: (item: T, index: number) => Promise<R>,
  consume: (result: R, item: T, index: number) => Promise<void>,
): Promise<void> {
  const inFlight: Array<Promise<R>> = [];
  let next = 0;
  const launch = () => {
    const index = next++;
    const promise = prepare(items[index]!, index);
    promise.catch(() => undefined); // surfaced when awaited below; avoids an unhandled rejection meanwhile
    inFlight.push(promise);
  };
  while (next < items.length && inFlight.length < concurrency) launch();
  for (let index = 0; index < items.length; index++) {
    const result = await inFlight.shift()!;
    if (next < items.length) launch();
    await consume(result, items[index]!, index);
  }
}
