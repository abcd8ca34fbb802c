/** Connection slice: the WebSocket's state for the banner, and catch-up hooks for reconnects. */
import { createSignal, onCleanup } from "solid-js";
import type { Api, ConnectionState } from "../api/api.ts";

export function createConnection(api: Api) {
  const [state, setState] = createSignal<ConnectionState>("connecting");
  const [caughtUp, setCaughtUp] = createSignal(false);
  const catchUps: (() => Promise<unknown>)[] = [];
  let dropped = false;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;

  const stop = api.onConnectionChange(async (next) => {
    // Retries cycle through "connecting"; the banner (or the token prompt) stays up until a
    // connection actually succeeds, instead of flickering with every attempt.
    if (next === "connecting" && (state() === "dropped" || state() === "unauthorized")) return;
    setState(next);
    if (next === "dropped" || next === "unauthorized") dropped = true;
    if (next !== "connected" || !dropped) return;
    dropped = false;
    // Subscriptions re-open by themselves and get the current state first; one-shot lists (and
    // anything created or deleted meanwhile) are re-read once, then the banner says so.
    await Promise.all(catchUps.map((catchUp) => catchUp()));
    setCaughtUp(true);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => setCaughtUp(false), 4_000);
  });
  onCleanup(() => {
    stop();
    clearTimeout(hideTimer);
  });

  return {
    state,
    caughtUp,
    onReconnect: (catchUp: () => Promise<unknown>) => catchUps.push(catchUp),
    setToken: (token: string) => api.setToken(token),
  };
}
