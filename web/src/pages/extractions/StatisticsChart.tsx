import { For } from "solid-js";
import type { StatisticsRow } from "../../lib/statistics.ts";

const W = 460;
const ROW_H = 16;
const LABEL_W = 110;

/**
 * One row per layer × hook: a faint bar for max |a| with a bar for |mean| inside it (one shared
 * scale), and sparsity as text, so outlier layers stand out at a glance.
 */
export function StatisticsChart(props: { rows: readonly StatisticsRow[] }) {
  const max = () => Math.max(1e-9, ...props.rows.map((r) => r.maxAbs).filter(Number.isFinite));
  const scale = (v: number) => (Number.isFinite(v) ? (v / max()) * (W - LABEL_W - 90) : 0);
  const height = () => props.rows.length * ROW_H + 4;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${height()}`} width="100%" role="img" aria-label={`Activation statistics for ${props.rows.length} layer and hook pairs`}>
        <For each={props.rows}>
          {(r, i) => (
            <g transform={`translate(0 ${i() * ROW_H + 2})`} data-row={`${r.layer}-${r.hook}`}>
              <text x="0" y="11" class="axis">{`L${r.layer} ${r.hook}`}</text>
              <rect x={LABEL_W} y="2" width={scale(r.maxAbs)} height="10" class="bar-max" />
              <rect x={LABEL_W} y="2" width={scale(Math.abs(r.mean))} height="10" class="bar-mean" />
              <text x={W - 85} y="11" class="axis">{Number.isFinite(r.sparsity) ? `${(r.sparsity * 100).toFixed(1)}% sparse` : ""}</text>
              <title>{`L${r.layer} ${r.hook}: mean ${r.mean.toPrecision(3)}, max |a| ${r.maxAbs.toPrecision(3)}, sparsity ${(r.sparsity * 100).toFixed(1)}%`}</title>
            </g>
          )}
        </For>
      </svg>
      <figcaption>
        <span class="legend mean">|mean|</span> <span class="legend max">max |a|</span> <span class="muted">(shared scale, max {max().toPrecision(3)})</span>
      </figcaption>
    </figure>
  );
}
