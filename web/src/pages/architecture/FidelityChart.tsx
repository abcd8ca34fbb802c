import { For } from "solid-js";
import { HOOK_TYPES } from "../../../../contracts/src/hooks.ts";
import type { ModelDetailQuery } from "../../gql/graphql.ts";

type Entry = NonNullable<NonNullable<ModelDetailQuery["model"]>["fidelity"]>["entries"][number];
const COLORS = { RESIDUAL: "#38bdf8", MLP: "#f472b6", ATTENTION: "#a3e635" } as const;
const W = 420;
const H = 120;

/** Relative error against FP32 per layer, one bar per hook: where quantization hurts most. */
export function FidelityChart(props: { entries: readonly Entry[]; probeTokens: number }) {
  const layers = () => [...new Set(props.entries.map((e) => e.layer))].sort((a, b) => a - b);
  const max = () => Math.max(1e-6, ...props.entries.map((e) => e.relativeError));
  const slot = () => W / Math.max(1, layers().length);
  const barWidth = () => (slot() - 4) / HOOK_TYPES.length;
  const worst = () => props.entries.reduce<Entry | undefined>((w, e) => (!w || e.relativeError > w.relativeError ? e : w), undefined);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H + 16}`} width="100%" role="img" aria-label={`Relative error against FP32 per layer; worst ${worst() ? `${(worst()!.relativeError * 100).toFixed(2)}% at layer ${worst()!.layer} ${worst()!.hook.toLowerCase()}` : "none"}`}>
        <For each={props.entries}>
          {(e) => {
            const x = () => layers().indexOf(e.layer) * slot() + 2 + HOOK_TYPES.indexOf(e.hook) * barWidth();
            const h = () => (e.relativeError / max()) * H;
            return (
              <rect x={x()} y={H - h()} width={Math.max(1, barWidth() - 1)} height={h()} fill={COLORS[e.hook]}>
                <title>{`L${e.layer} ${e.hook.toLowerCase()}: rel. error ${(e.relativeError * 100).toFixed(3)}%, cosine ${e.cosineSimilarity.toFixed(5)}`}</title>
              </rect>
            );
          }}
        </For>
        <For each={layers()}>
          {(layer, i) => (
            <text x={i() * slot() + slot() / 2} y={H + 12} class="axis" text-anchor="middle">
              {layer}
            </text>
          )}
        </For>
      </svg>
      <figcaption>
        <For each={HOOK_TYPES}>{(hook) => <span class="legend" style={{ "--swatch": COLORS[hook] }}>{hook.toLowerCase()}</span>}</For>
        <span class="muted">relative error vs FP32 over {props.probeTokens} probe tokens (max {(max() * 100).toFixed(2)}%)</span>
      </figcaption>
    </figure>
  );
}
