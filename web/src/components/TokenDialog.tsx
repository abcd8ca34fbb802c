import { createSignal, Show } from "solid-js";
import { useStore } from "../store/index.tsx";
import { Modal } from "./Modal.tsx";

/** The server was started with API_TOKEN: ask for it once; it is kept in this browser. */
export function TokenDialog() {
  const { connection } = useStore();
  const [token, setToken] = createSignal("");
  const [dismissed, setDismissed] = createSignal(false);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (!token().trim()) return;
    connection.setToken(token().trim());
    setToken("");
  };
  return (
    <Show when={connection.state() === "unauthorized" && !dismissed()}>
      <Modal title="API token required" onClose={() => setDismissed(true)}>
        <form onSubmit={submit}>
          <p>This server asks for an API token. It is stored in this browser and sent with every request.</p>
          <label class="field">
            <span>API token</span>
            <input type="password" autocomplete="off" value={token()} onInput={(e) => setToken(e.currentTarget.value)} />
          </label>
          <button type="submit" class="primary" disabled={!token().trim()}>
            Connect
          </button>
        </form>
      </Modal>
    </Show>
  );
}
