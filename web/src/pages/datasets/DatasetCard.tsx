import { createSignal, For, Show } from "solid-js";
import { toApiError } from "../../api/api.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { ProgressBar } from "../../components/ProgressBar.tsx";
import { StatusBadge } from "../../components/StatusBadge.tsx";
import { formatBytes } from "../../lib/format.ts";
import type { Dataset } from "../../store/datasets.ts";

export function DatasetCard(props: { dataset: Dataset; percent?: number; onDelete: () => Promise<unknown> }) {
  const d = () => props.dataset;
  const [confirming, setConfirming] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const remove = () =>
    props.onDelete().catch((caught) => {
      setError(toApiError(caught).message);
      setConfirming(false);
    });
  return (
    <article class="card" aria-label={`Dataset ${d().name}`} data-status={d().status}>
      <header class="card-head">
        <div class="card-title">
          <h3>{d().name}</h3>
          <p class="muted small">{d().source === "hub" ? `Hub: ${d().repoId}` : "uploaded file"}</p>
        </div>
        <StatusBadge status={d().status} detail={d().statusMessage} />
      </header>
      <Show when={d().status === "DOWNLOADING"}>
        <ProgressBar percent={props.percent ?? 0} label={`Importing ${d().name}`} />
      </Show>
      <p class="small">
        {d().sampleCount ?? "—"} samples · {d().bytes != null ? formatBytes(d().bytes) : "—"}
        <Show when={d().textField}> · field “{d().textField}”</Show>
      </p>
      <Show when={d().preview.length > 0}>
        <details>
          <summary>Preview ({d().preview.length} rows)</summary>
          <ol class="preview">
            <For each={d().preview}>{(row) => <li>{row}</li>}</For>
          </ol>
        </details>
      </Show>
      <ErrorAlert message={error()} />
      <footer class="actions">
        <Show
          when={confirming()}
          fallback={
            <button type="button" class="danger subtle" onClick={() => setConfirming(true)}>
              Delete
            </button>
          }
        >
          <span>Delete “{d().name}”?</span>
          <button type="button" class="danger" onClick={remove}>
            Yes, delete
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            No
          </button>
        </Show>
      </footer>
    </article>
  );
}
