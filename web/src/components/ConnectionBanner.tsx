import { Match, Switch } from "solid-js";
import { useStore } from "../store/index.tsx";

/** Says when the live link dropped and when state was caught up again (no reload needed). */
export function ConnectionBanner() {
  const { connection } = useStore();
  return (
    <div aria-live="assertive">
      <Switch>
        <Match when={connection.state() === "dropped"}>
          <div class="banner warn" role="alert">
            Connection to the server lost. Reconnecting… live updates resume on their own.
          </div>
        </Match>
        <Match when={connection.caughtUp()}>
          <div class="banner ok" role="status">
            Reconnected. Everything is up to date.
          </div>
        </Match>
      </Switch>
    </div>
  );
}
