import { createSignal, untrack } from "solid-js";
import { toApiError, type ApiError } from "../api/api.ts";
import { debounce } from "./live.ts";

export type Latest<R> =
  | { status: "idle" }
  /** `value`: the previous answer, still worth showing while the next one is on its way. */
  | { status: "loading"; value?: R }
  | { status: "ready"; value: R }
  | { status: "error"; error: ApiError };

/**
 * A request re-run (debounced) as its input changes, where only the newest answer may land:
 * plans are fetched while the user types, and answers can overtake each other.
 */
export function createLatest<I, R>(run: (input: I) => Promise<R>, debounceMs: number) {
  const [state, setState] = createSignal<Latest<R>>({ status: "idle" });
  let latest = 0;
  const fire = debounce(async (input: I, ticket: number) => {
    try {
      const value = await run(input);
      if (ticket === latest) setState({ status: "ready", value });
    } catch (error) {
      if (ticket === latest) setState({ status: "error", error: toApiError(error) });
    }
  }, debounceMs);
  return {
    state,
    request(input: I) {
      const previous = untrack(state); // callers run this inside effects; reading must not subscribe them
      setState({ status: "loading", value: "value" in previous ? previous.value : undefined });
      fire(input, ++latest);
    },
    reset() {
      latest += 1;
      setState({ status: "idle" });
    },
  };
}
