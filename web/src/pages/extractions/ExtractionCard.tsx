import { For, Show } from "solid-js";
import { ExtractionProgress } from "../../components/ExtractionProgress.tsx";
import { Fact } from "../../components/Fact.tsx";
import type { ResourceFieldsFragment } from "../../gql/graphql.ts";
import { formatBytes, formatDuration, humanizeKey } from "../../lib/format.ts";
import { readStatistics } from "../../lib/statistics.ts";
import type { Extraction } from "../../store/extractions.ts";
import { StatisticsChart } from "./StatisticsChart.tsx";

/** Metrics as the worker reports them (camelCase numbers); units follow from the key's ending. */
function formatMetric(key: string, value: number): string {
  if (/bytes$/i.test(key)) return formatBytes(value);
  if (/seconds$/i.test(key)) return formatDuration(value);
  if (/persecond$/i.test(key)) return `${value < 100 ? value.toFixed(1) : Math.round(value)}/s`;
  return value.toLocaleString("en-US");
}
const metricRows = (metrics: unknown): [string, string][] =>
  typeof metrics === "object" && metrics !== null
    ? Object.entries(metrics).flatMap(([key, value]): [string, string][] => (typeof value === "number" ? [[key, formatMetric(key, value)]] : []))
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
        <p class="output">
          Output <code>{e().outputPath ?? "—"}</code> <span class="muted small">(under the data directory)</span>
        </p>
        <dl class="facts">
          <For each={metricRows(e().metrics)}>
            {([key, value]) => (
              <Fact label={humanizeKey(key)}>{value}</Fact>
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
