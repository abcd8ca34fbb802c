import { createSignal, Match, Show, Switch } from "solid-js";
import { QUANTIZATION_FORMATS } from "../../../../contracts/src/formats.ts";
import { toApiError, type ApiError } from "../../api/api.ts";
import { Select } from "../../components/Select.tsx";
import type { DownloadModelInput, QuantizationFormat } from "../../gql/graphql.ts";
import type { Latest } from "../../lib/latest.ts";
import { isValidRepoId, TOKEN_PATTERN, TOKENS_URL } from "../../lib/hub.ts";
import type { ModelPlan } from "../../store/plan.ts";
import { PlanSummary } from "./PlanSummary.tsx";


type Place = "repoId" | "accessToken" | "form";

/** Which field an API error belongs under, so it is shown in place (a gated repo is a token problem). */
function errorPlace(error: ApiError): Place {
  if (error.code === "GATED" || error.field?.endsWith("accessToken")) return "accessToken";
  if (error.code === "NOT_FOUND" || error.field?.endsWith("repoId")) return "repoId";
  return "form";
}

export function DownloadForm(props: {
  plan: Latest<ModelPlan>;
  onInput: (repoId: string, accessToken: string) => void;
  onSubmit: (input: DownloadModelInput) => Promise<unknown>;
}) {
  const [repoId, setRepoId] = createSignal("");
  const [token, setToken] = createSignal("");
  const [format, setFormat] = createSignal<QuantizationFormat>("Q4");
  const [submitError, setSubmitError] = createSignal<ApiError | null>(null);
  const [busy, setBusy] = createSignal(false);

  const plan = () => (props.plan.status === "ready" ? props.plan.value : null);
  const error = () => submitError() ?? (props.plan.status === "error" ? props.plan.error : null);
  const errorAt = (place: Place) => {
    const current = error();
    return current && errorPlace(current) === place ? current : null;
  };
  const repoInvalid = () => repoId().trim() !== "" && !isValidRepoId(repoId().trim());
  const tokenInvalid = () => token() !== "" && !TOKEN_PATTERN.test(token());
  // Q4 is the usual best trade-off; the plan says whether it fits this device, so trust it when known.
  const recommended = (f: QuantizationFormat) => plan()?.formats.find((p) => p.format === f)?.recommended ?? f === "Q4";
  const canSubmit = () => isValidRepoId(repoId().trim()) && !tokenInvalid() && !busy() && plan()?.supported !== false;

  const changed = (nextRepo: string, nextToken: string) => {
    setSubmitError(null);
    props.onInput(nextRepo.trim(), nextToken);
  };

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (!canSubmit()) return;
    setBusy(true);
    try {
      await props.onSubmit({ repoId: repoId().trim(), quantization: format(), accessToken: token() || null });
      setRepoId("");
      props.onInput("", token());
    } catch (caught) {
      setSubmitError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="download-form panel" onSubmit={submit} aria-label="Download a model">
      <h2>Download from HuggingFace</h2>
      <div class="row">
        <label class="field grow">
          <span>Repository</span>
          <input
            name="repoId"
            placeholder="HuggingFaceTB/SmolLM-135M"
            autocomplete="off"
            spellcheck={false}
            value={repoId()}
            aria-invalid={repoInvalid() || errorAt("repoId") !== null}
            aria-describedby="repo-help"
            onInput={(e) => {
              setRepoId(e.currentTarget.value);
              changed(e.currentTarget.value, token());
            }}
          />
        </label>
        <label class="field">
          <span>Format</span>
          <Select
            name="format"
            value={format()}
            onChange={setFormat}
            options={[...QUANTIZATION_FORMATS].reverse().map((f) => ({ value: f, label: recommended(f) ? `${f} (recommended)` : f }))}
          />
        </label>
        <label class="field" classList={{ highlighted: errorAt("accessToken") !== null }}>
          <span>Access token</span>
          <input
            name="accessToken"
            type="password"
            placeholder="hf_… (gated models)"
            autocomplete="off"
            value={token()}
            aria-invalid={tokenInvalid() || errorAt("accessToken") !== null}
            onInput={(e) => {
              setToken(e.currentTarget.value);
              changed(repoId(), e.currentTarget.value);
            }}
          />
        </label>
        <button type="submit" class="primary" disabled={!canSubmit()}>
          {busy() ? "Starting…" : "Download"}
        </button>
      </div>
      <div id="repo-help" class="messages" aria-live="polite">
        <Show when={repoInvalid()}>
          <p class="error">Use the form owner/name, for example HuggingFaceTB/SmolLM-135M.</p>
        </Show>
        <Show when={tokenInvalid()}>
          <p class="error">An access token starts with hf_ followed by at least 20 letters or digits.</p>
        </Show>
        <Show when={errorAt("repoId")}>
          {(e) => (
            <p class="error" role="alert">
              {e().code === "NOT_FOUND" ? `Repository not found on the Hub: ${repoId().trim()}` : e().message}
            </p>
          )}
        </Show>
        <Show when={errorAt("accessToken")}>
          {(e) => (
            <p class="error" role="alert">
              {e().code === "GATED"
                ? "This model is gated: accept its license on the Hub, then paste an access token with read access. "
                : `${e().message} `}
              <a href={TOKENS_URL} target="_blank" rel="noreferrer">
                Get a token at huggingface.co/settings/tokens
              </a>
            </p>
          )}
        </Show>
        <Show when={errorAt("form")}>
          {(e) => (
            <p class="error" role="alert">
              {e().message}
            </p>
          )}
        </Show>
      </div>
      <Switch>
        <Match when={props.plan.status === "loading"}>
          <p class="muted" role="status">
            Reading the repository…
          </p>
        </Match>
        <Match when={plan()}>{(p) => <PlanSummary plan={p()} selected={format()} />}</Match>
      </Switch>
    </form>
  );
}
