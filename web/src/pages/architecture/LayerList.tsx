import { createSignal, For, Show } from "solid-js";
import type { ArchitectureFieldsFragment } from "../../gql/graphql.ts";
import { formatParams } from "../../lib/format.ts";

type Layer = ArchitectureFieldsFragment["layers"][number];

/** The model top to bottom; transformer blocks expand to show attention and MLP shapes. */
export function LayerList(props: { layers: readonly Layer[] }) {
  return (
    <ol class="layer-list">
      <For each={props.layers}>{(layer) => <LayerRow layer={layer} />}</For>
    </ol>
  );
}

function LayerRow(props: { layer: Layer }) {
  const [open, setOpen] = createSignal(false);
  const expandable = () => Boolean(props.layer.attention || props.layer.mlp);
  const head = () => (
    <>
      <span class="kind">{props.layer.kind}</span> <span>{props.layer.name}</span>
      <span class="muted">{formatParams(props.layer.parameterCount)} params</span>
    </>
  );
  return (
    <li>
      <Show when={expandable()} fallback={<div class="layer-head">{head()}</div>}>
        <button type="button" class="layer-head" aria-expanded={open()} onClick={() => setOpen(!open())}>
          <span aria-hidden="true">{open() ? "▾" : "▸"}</span> {head()}
        </button>
        <Show when={open()}>
          <dl class="facts compact">
            <div>
              <dt>Attention</dt>
              <dd>{props.layer.attention ?? "—"}</dd>
            </div>
            <div>
              <dt>MLP</dt>
              <dd>{props.layer.mlp ?? "—"}</dd>
            </div>
            <div>
              <dt>Parameters</dt>
              <dd>{props.layer.parameterCount.toLocaleString("en-US")}</dd>
            </div>
          </dl>
        </Show>
      </Show>
    </li>
  );
}
