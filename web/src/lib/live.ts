import { createMemo, mapArray, onCleanup, type Accessor } from "solid-js";

/**
 * Gives every id in `ids()` a reactive owner of its own, disposed when the id leaves the list, and
 * runs `open(id, paused)` there: `paused()` is true while the item is not `active`. The per-item
 * stream opened with it (@urql/solid's createSubscription with `pause: paused`) opens when the
 * item becomes active, closes when it goes idle (a model that became READY stops its
 * modelProgress stream) and is torn down with the owner. `paused` only changes when activity
 * does, so busy → busy status changes keep the stream open. Must run under a reactive owner
 * below urql's Provider.
 */
export function forEachId(
  ids: Accessor<readonly string[]>,
  active: (id: string) => boolean,
  open: (id: string, paused: Accessor<boolean>) => void,
): void {
  createMemo(
    mapArray(ids, (id) => {
      const paused = createMemo(() => !active(id));
      open(id, paused);
    }),
  );
}

/** Runs `fn` after `ms` of quiet; a newer call replaces the pending one. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  return (...args: A) => {
    clearTimeout(timer);
    if (ms <= 0) fn(...args);
    else timer = setTimeout(() => fn(...args), ms);
  };
}

/** Keeps the newest `limit` items: resource graphs show about the last minute of samples. */
export const appendBounded = <T>(list: readonly T[] | undefined, item: T, limit = 60): T[] => [...(list ?? []), item].slice(-limit);
