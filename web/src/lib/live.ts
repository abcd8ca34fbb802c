import { createEffect, onCleanup, type Accessor } from "solid-js";

/**
 * Keeps one subscription open per id while the id is in `ids()`, and closes it when the id leaves
 * (a model that became READY stops its modelProgress stream). Must run under a reactive owner.
 */
export function subscribeWhileActive(ids: Accessor<readonly string[]>, open: (id: string) => () => void): void {
  const openById = new Map<string, () => void>();
  createEffect(() => {
    const wanted = new Set(ids());
    for (const [id, close] of openById) {
      if (!wanted.has(id)) {
        close();
        openById.delete(id);
      }
    }
    for (const id of wanted) if (!openById.has(id)) openById.set(id, open(id));
  });
  onCleanup(() => {
    openById.forEach((close) => close());
    openById.clear();
  });
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
