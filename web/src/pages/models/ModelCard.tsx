import { Match, Show, Switch } from "solid-js";
import { Fact } from "../../components/Fact.tsx";
import { ProgressBar } from "../../components/ProgressBar.tsx";
import { ResourceGraph } from "../../components/ResourceGraph.tsx";
import { StatusBadge } from "../../components/StatusBadge.tsx";
import type { ResourceFieldsFragment } from "../../gql/graphql.ts";
import { formatBytes, formatDuration, formatParams, formatSpeed } from "../../lib/format.ts";
import { href } from "../../lib/route.ts";
import { isBusy, type Model } from "../../store/models.ts";

export interface ModelActions {
  onExtract: (model: Model) => void;
  onRequantize: (model: Model) => void;
  onRetry: (model: Model) => void;
  onCancel: (model: Model) => void;
  onDelete: (model: Model) => void;
}

const ModelIcon = () => (
  <svg class="model-icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true">
    <rect x="5" y="5" width="14" height="14" rx="2" fill="none" stroke="currentColor" stroke-width="1.6" />
    <path d="M9 2v3M15 2v3M9 19v3M15 19v3M2 9h3M2 15h3M19 9h3M19 15h3" stroke="currentColor" stroke-width="1.6" />
    <rect x="9" y="9" width="6" height="6" fill="currentColor" opacity="0.6" />
  </svg>
);

export function ModelCard(props: ModelActions & { model: Model; samples?: readonly ResourceFieldsFragment[] }) {
  const m = () => props.model;
  const memory = () => m().measuredMemoryBytes ?? m().estimatedMemoryBytes;
  const viewable = () => m().status === "READY" || m().status === "INCOMPATIBLE";
  return (
    <article class="card model-card" aria-label={`${m().name} ${m().format}`} data-status={m().status}>
      <header class="card-head">
        <ModelIcon />
        <div class="card-title">
          <h3>
            <Show when={viewable()} fallback={m().name}>
              <a href={href.model(m().id)} title="Open the architecture viewer">
                {m().name}
              </a>
            </Show>
          </h3>
          <p class="muted small">
            {m().repoId}
            <Show when={m().sourceModel}>{(source) => <> · re-quantized from {source().name}</>}</Show>
          </p>
        </div>
        <StatusBadge status={m().status} detail={m().statusMessage} />
      </header>
      <dl class="facts compact">
        <Fact label="Parameters">{m().parameterCount != null ? formatParams(m().parameterCount) : "—"}</Fact>
        <Fact label="Format" title={m().fallbackReason ?? undefined}>
          {m().format}
          <Show when={m().format !== m().requestedFormat}> (asked {m().requestedFormat})</Show>
        </Fact>
        <Fact label={m().measuredMemoryBytes != null ? "Memory" : "Memory (est.)"}>{memory() != null ? formatBytes(memory()) : "—"}</Fact>
        <Fact label="Architecture">{m().architectureName ?? "—"}</Fact>
      </dl>
      <Show when={isBusy(m()) && m().progress}>
        {(p) => (
          <>
            <ProgressBar
              percent={p().percent}
              label={`${m().name} ${p().phase ?? "progress"}`}
              caption={
                <>
                  <span>{p().phase ?? m().status.toLowerCase()}</span>
                  <span>{formatSpeed(p().speed)}</span>
                  <span>ETA {formatDuration(p().etaSeconds)}</span>
                </>
              }
            />
            <Show when={p().message ?? p().currentFile}>{(text) => <p class="muted small">{text()}</p>}</Show>
          </>
        )}
      </Show>
      <Show when={isBusy(m()) && props.samples?.length}>
        <ResourceGraph samples={props.samples ?? []} />
      </Show>
      <Show when={m().status === "ERROR" && (m().statusMessage || m().errorCode)}>
        <p class="error small">{m().statusMessage ?? m().errorCode}</p>
      </Show>
      <footer class="actions">
        <Switch>
          <Match when={m().status === "READY"}>
            <button type="button" class="primary" onClick={() => props.onExtract(m())}>
              Extract Activations
            </button>
            <button type="button" onClick={() => props.onRequantize(m())}>
              Re-quantize
            </button>
          </Match>
          <Match when={isBusy(m())}>
            <button type="button" onClick={() => props.onCancel(m())}>
              Cancel
            </button>
          </Match>
          <Match when={m().status === "ERROR"}>
            <button type="button" onClick={() => props.onRetry(m())}>
              Retry
            </button>
          </Match>
        </Switch>
        <Show when={!isBusy(m())}>
          <button type="button" class="danger" onClick={() => props.onDelete(m())}>
            Delete
          </button>
        </Show>
      </footer>
    </article>
  );
}
