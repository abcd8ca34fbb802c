/** A real HTTP GraphQL client (fetch) and a real graphql-ws client for the tests. */
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

/** Untyped response data, navigable without casts (`data.models.edges[0].node.id`). */
export type Loose = { readonly [key: string]: Loose };

/** A Loose value that is a JSON array. */
export const list = (value: Loose): Loose[] => value as unknown as Loose[];

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; field?: string; [key: string]: unknown } }>;
}

export async function gql<T = Loose>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLResponse<T> & { status: number }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as GraphQLResponse<T>) };
}

/** Data of a successful response; fails the test with the errors otherwise. */
export async function ok<T = Loose>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const result = await gql<T>(url, query, variables, token);
  if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** The first error's code and field, for validation assertions. */
export async function failure(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const result = await gql(url, query, variables, token);
  const error = result.errors?.[0];
  return { code: error?.extensions?.code, field: error?.extensions?.field, message: error?.message, status: result.status, extensions: error?.extensions };
}

export function wsClient(wsUrl: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

/**
 * Collects a subscription's events until `until` returns true for one (inclusive) or the
 * timeout passes (then rejects with what arrived).
 */
export async function collect<T = Loose>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  until: (event: T, all: T[]) => boolean,
  timeoutMs = 30_000,
  onEvent?: (event: T, all: T[]) => void,
): Promise<T[]> {
  const events: T[] = [];
  const iterator = client.iterate<T>({ query, variables });
  const timer = setTimeout(() => void iterator.return?.(), timeoutMs);
  try {
    for await (const result of iterator) {
      if (result.errors?.length) throw new Error(`subscription errors: ${JSON.stringify(result.errors)}`);
      const event = result.data as T;
      events.push(event);
      onEvent?.(event, events);
      if (until(event, events)) return events;
    }
    throw new Error(`subscription ended after ${events.length} events without the expected one: ${JSON.stringify(events.slice(-3))}`);
  } finally {
    clearTimeout(timer);
    await iterator.return?.();
  }
}

/** Polls `check` until it returns a value (not undefined) or the timeout passes. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
