import { createSignal, For, Show } from "solid-js";
import { Fact } from "../../components/Fact.tsx";
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
            <Fact label="Attention">{props.layer.attention ?? "—"}</Fact>
            <Fact label="MLP">{props.layer.mlp ?? "—"}</Fact>
            <Fact label="Parameters">{props.layer.parameterCount.toLocaleString("en-US")}</Fact>
          </dl>
        </Show>
      </Show>
    </li>
  );
}
