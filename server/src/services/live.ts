/**
 * Subscriptions start with the current state from the database, then live events, so a client
 * that connects late or reconnects loses nothing. The Redis subscription is opened before the
 * database is read: an event published in between arrives (at worst twice), never not at all.
 */
export async function* currentThenLive<T>(live: AsyncIterableIterator<T>, current: () => Promise<T | null>): AsyncGenerator<T> {
  const firstLive = live.next();
  try {
    const now = await current();
    if (now) yield now;
    for (let result = await firstLive; !result.done; result = await live.next()) yield result.value;
  } finally {
    await live.return?.();
  }
}
