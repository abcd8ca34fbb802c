import { Show } from "solid-js";
import type { ResourceFieldsFragment } from "../gql/graphql.ts";
import { formatBytes, toNumber } from "../lib/format.ts";

const W = 160;
const H = 36;

/** SVG polyline through values scaled to [0, max] (max > 0). */
const line = (values: number[], max: number) =>
  values.map((v, i) => `${((i / Math.max(1, values.length - 1)) * W).toFixed(1)},${(H - (v / max) * (H - 2) - 1).toFixed(1)}`).join(" ");

/** The resource samples a running job streams: CPU % and resident memory (GPU when reported). */
export function ResourceGraph(props: { samples: readonly ResourceFieldsFragment[] }) {
  const last = () => props.samples[props.samples.length - 1];
  const cpu = () => props.samples.map((s) => s.cpuPercent);
  const rss = () => props.samples.map((s) => toNumber(s.rssBytes));
  const gpu = () => props.samples.filter((s) => s.gpuPercent != null).map((s) => s.gpuPercent ?? 0);
  return (
    <Show when={last()}>
      {(sample) => (
        <figure class="resource-graph">
          <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label="CPU and memory over the last minute">
            <polyline class="cpu" points={line(cpu(), Math.max(100, ...cpu()))} />
            <polyline class="rss" points={line(rss(), Math.max(1, ...rss()))} />
            <Show when={gpu().length > 1}>
              <polyline class="gpu" points={line(gpu(), 100)} />
            </Show>
          </svg>
          <figcaption>
            <span class="legend cpu">CPU {Math.round(sample().cpuPercent)}%</span>
            <span class="legend rss">RAM {formatBytes(sample().rssBytes)}</span>
            <Show when={sample().gpuPercent != null}>
              <span class="legend gpu">GPU {Math.round(sample().gpuPercent ?? 0)}%</span>
            </Show>
          </figcaption>
        </figure>
      )}
    </Show>
  );
}
