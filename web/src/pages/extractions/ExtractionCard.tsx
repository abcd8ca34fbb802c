import { For, Show } from "solid-js";
import { ExtractionProgress } from "../../components/ExtractionProgress.tsx";
import type { ResourceFieldsFragment } from "../../gql/graphql.ts";
import { formatBytes, formatDuration } from "../../lib/format.ts";
import { readStatistics } from "../../lib/statistics.ts";
import type { Extraction } from "../../store/extractions.ts";
import { StatisticsChart } from "./StatisticsChart.tsx";

/** Metric keys the worker reports, with how to show them; unknown keys are shown as they are. */
const METRIC_FORMAT: Record<string, (v: number) => string> = {
  samplesPerSecond: (v) => `${v.toFixed(1)} samples/s`,
  tokensPerSecond: (v) => `${Math.round(v)} tokens/s`,
  peakMemoryBytes: (v) => formatBytes(v),
  durationSeconds: (v) => formatDuration(v),
};
const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const metricRows = (metrics: unknown): [string, string][] =>
  typeof metrics === "object" && metrics !== null
    ? Object.entries(metrics).flatMap(([key, value]): [string, string][] =>
        typeof value === "number" ? [[key, METRIC_FORMAT[camel(key)]?.(value) ?? String(value)]] : typeof value === "string" ? [[key, value]] : [],
      )
    : [];

export function ExtractionCard(props: { extraction: Extraction; samples?: readonly ResourceFieldsFragment[]; onCancel: () => void }) {
  const e = () => props.extraction;
  const stats = () => readStatistics(e().statistics);
  return (
    <article class="card extraction-card" aria-label={`Extraction ${e().id}`} data-status={e().status}>
      <header class="card-head">
        <div class="card-title">
          <h3>
            {e().model.name} <span class="muted">{e().model.format}</span> on {e().dataset.name}
          </h3>
          <p class="muted small">
            layers {e().layers.join(", ")} · {e().hookTypes.join(", ").toLowerCase()} · batch {e().batchSize} · seq {e().sequenceLength} · {e().storageDType}
          </p>
        </div>
      </header>
      <ExtractionProgress extraction={e()} samples={props.samples} onCancel={props.onCancel} />
      <Show when={e().status === "COMPLETED"}>
        <dl class="facts">
          <div>
            <dt>Output</dt>
            <dd>
              <code>{e().outputPath ?? "—"}</code>
            </dd>
          </div>
          <For each={metricRows(e().metrics)}>
            {([key, value]) => (
              <div>
                <dt>{key}</dt>
                <dd>{value}</dd>
              </div>
            )}
          </For>
        </dl>
        <details open={e().files.length <= 8}>
          <summary>{e().files.length} files</summary>
          <table class="files">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Shape</th>
                <th scope="col">Dtype</th>
                <th scope="col">Size</th>
              </tr>
            </thead>
            <tbody>
              <For each={e().files}>
                {(f) => (
                  <tr>
                    <th scope="row">
                      <code>{f.name}</code>
                    </th>
                    <td>[{f.shape.join(", ")}]</td>
                    <td>{f.dtype}</td>
                    <td>{formatBytes(f.bytes)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </details>
        <Show when={stats().length > 0} fallback={<p class="muted">No statistics recorded.</p>}>
          <h4>Statistics per layer × hook</h4>
          <StatisticsChart rows={stats()} />
        </Show>
      </Show>
    </article>
  );
}
