import { createSignal } from "solid-js";
import { toApiError } from "../../api/api.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Modal } from "../../components/Modal.tsx";
import type { Model } from "../../store/models.ts";
import { TOKEN_PATTERN, TOKENS_URL } from "../../lib/hub.ts";

/** A gated download failed for want of access: retrying needs a token (used for this job only). */
export function RetryTokenDialog(props: { model: Model; onSubmit: (accessToken: string) => Promise<void>; onClose: () => void }) {
  const [token, setToken] = createSignal("");
  const [error, setError] = createSignal<string | null>(null);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    try {
      await props.onSubmit(token());
      props.onClose();
    } catch (caught) {
      setError(toApiError(caught).message);
    }
  };
  return (
    <Modal title={`Retry ${props.model.name}`} onClose={props.onClose}>
      <form onSubmit={submit}>
        <p>
          {props.model.repoId} is gated. Accept its license on the Hub, then give an access token with read access.{" "}
          <a href={TOKENS_URL} target="_blank" rel="noreferrer">
            Get a token at huggingface.co/settings/tokens
          </a>
        </p>
        <label class="field">
          <span>Access token</span>
          <input type="password" autocomplete="off" value={token()} onInput={(e) => setToken(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary" disabled={!TOKEN_PATTERN.test(token())}>
          Retry with token
        </button>
        <ErrorAlert message={error()} />
      </form>
    </Modal>
  );
}
