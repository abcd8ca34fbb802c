/** System slice: free disk, memory budget and queue depths, refreshed when something changes. */
import { createSignal } from "solid-js";
import type { Api } from "../api/api.ts";
import { SystemQuery } from "../api/documents.ts";
import type { SystemQuery as SystemData } from "../gql/graphql.ts";

export type SystemInfo = SystemData["system"];

export function createSystem(api: Api) {
  const [info, setInfo] = createSignal<SystemInfo | null>(null);
  let pending: Promise<void> | null = null;
  let again = false;

  // Refreshes are event-driven (a status changed, the socket came back), never on a timer; a burst
  // of events collapses into one request in flight plus at most one after it.
  async function refresh(): Promise<void> {
    if (pending) {
      again = true;
      return pending;
    }
    pending = (async () => {
      do {
        again = false;
        try {
          setInfo((await api.query(SystemQuery, {})).system);
        } catch {
          // the strip keeps its last figures; the connection banner explains outages
        }
      } while (again);
      pending = null;
    })();
    return pending;
  }

  return { info, refresh };
}
