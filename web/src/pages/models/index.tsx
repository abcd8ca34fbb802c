/** Models page (container): wires the store to the download form, the filters and the cards. */
import { createMemo, createSignal, For, Show } from "solid-js";
import { useStore } from "../../store/index.tsx";
import { filterModels, NO_FILTER, sortModels, type ModelFilter } from "../../lib/models.ts";
import type { Model } from "../../store/models.ts";
import { ExtractionModal } from "../extraction/ExtractionModal.tsx";
import { DeleteDialog } from "./DeleteDialog.tsx";
import { DownloadForm } from "./DownloadForm.tsx";
import { ModelCard } from "./ModelCard.tsx";
import { ModelFilters } from "./ModelFilters.tsx";
import { RequantizeDialog } from "./RequantizeDialog.tsx";
import { RetryTokenDialog } from "./RetryTokenDialog.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";

export const EMPTY_TEXT = "No models yet. Download from HuggingFace to get started.";

type Dialog =
  | { kind: "delete"; model: Model }
  | { kind: "deleteUnused" }
  | { kind: "requantize"; model: Model }
  | { kind: "retryWithToken"; model: Model }
  | { kind: "extract"; model: Model }
  | null;

export default function ModelsPage() {
  const { models, plan } = useStore();
  const [filter, setFilter] = createSignal<ModelFilter>(NO_FILTER);
  const [dialog, setDialog] = createSignal<Dialog>(null);
  const [actionError, setActionError] = createSignal<string | null>(null);
  const architectures = createMemo(() => [...new Set(models.list().flatMap((m) => (m.architectureName ? [m.architectureName] : [])))].sort());
  const visible = createMemo(() => sortModels(filterModels(models.list(), filter())));
  const attempt = (action: Promise<unknown>) =>
    action.then(
      () => setActionError(null),
      (error: Error) => setActionError(error.message),
    );

  return (
    <div class="page models-page">
      <DownloadForm plan={plan.state()} onInput={plan.request} onSubmit={models.download} />
      <section class="panel" aria-labelledby="models-heading">
        <header class="section-head">
          <h2 id="models-heading">Models</h2>
          <button type="button" class="danger subtle" onClick={() => setDialog({ kind: "deleteUnused" })}>
            Delete all unused models
          </button>
        </header>
        <Show when={models.list().length > 0} fallback={<EmptyState loaded={models.state.loaded} error={models.state.loadError} />}>
          <ModelFilters filter={filter()} architectures={architectures()} onChange={setFilter} />
          <ErrorAlert message={actionError()} />
          <div class="card-grid" data-testid="model-list">
            <For each={visible()} fallback={<p class="empty">No models match these filters.</p>}>
              {(model) => (
                <ModelCard
                  model={model}
                  samples={models.state.samples[model.id]}
                  onExtract={(m) => setDialog({ kind: "extract", model: m })}
                  onRequantize={(m) => setDialog({ kind: "requantize", model: m })}
                  onRetry={(m) => (m.errorCode === "GATED" ? setDialog({ kind: "retryWithToken", model: m }) : attempt(models.retry(m.id)))}
                  onCancel={(m) => attempt(models.cancel(m.id))}
                  onDelete={(m) => setDialog({ kind: "delete", model: m })}
                />
              )}
            </For>
          </div>
        </Show>
      </section>
      <DialogHost dialog={dialog()} onClose={() => setDialog(null)} />
    </div>
  );
}

/** An empty list means "no models" only once the list was actually read. */
function EmptyState(props: { loaded: boolean; error: string | null }) {
  return (
    <Show when={!props.error} fallback={<p class="error" role="alert">Could not read the models: {props.error}</p>}>
      <p class="empty">{props.loaded ? EMPTY_TEXT : "Loading models…"}</p>
    </Show>
  );
}

function DialogHost(props: { dialog: Dialog; onClose: () => void }) {
  const { models } = useStore();
  return (
    <Show when={props.dialog} keyed>
      {(d) => {
        switch (d.kind) {
          case "delete":
            return (
              <DeleteDialog
                title={`Delete ${d.model.name} (${d.model.format})?`}
                parameterCount={d.model.parameterCount}
                dryRun={() => models.remove(d.model.id, true)}
                confirm={() => models.remove(d.model.id, false)}
                onClose={props.onClose}
              />
            );
          case "deleteUnused":
            return (
              <DeleteDialog
                title="Delete all unused models?"
                dryRun={() => models.removeUnused(true)}
                confirm={() => models.removeUnused(false)}
                onClose={props.onClose}
              />
            );
          case "requantize":
            return <RequantizeDialog model={d.model} onSubmit={(format) => models.requantize(d.model.id, format)} onClose={props.onClose} />;
          case "retryWithToken":
            return <RetryTokenDialog model={d.model} onSubmit={(token) => models.retry(d.model.id, token)} onClose={props.onClose} />;
          case "extract":
            return <ExtractionModal model={d.model} onClose={props.onClose} />;
        }
      }}
    </Show>
  );
}
