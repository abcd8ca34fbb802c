/** Two models side by side; rows where they differ are highlighted. The pair survives reloads. */
import { createMemo, createResource, For, Show } from "solid-js";
import type { ArchitectureFieldsFragment } from "../../gql/graphql.ts";
import { formatParams } from "../../lib/format.ts";
import { href } from "../../lib/route.ts";
import { useStore } from "../../store/index.tsx";

const ROWS: [string, (a: ArchitectureFieldsFragment) => string][] = [
  ["modelType", (a) => a.modelType],
  ["parameterCount", (a) => formatParams(a.parameterCount)],
  ["numLayers", (a) => String(a.numLayers)],
  ["hiddenSize", (a) => String(a.hiddenSize)],
  ["numHeads", (a) => String(a.numHeads)],
  ["numKvHeads", (a) => String(a.numKvHeads)],
  ["headDim", (a) => String(a.headDim)],
  ["intermediateSize", (a) => String(a.intermediateSize)],
  ["vocabSize", (a) => String(a.vocabSize)],
  ["maxPositions", (a) => String(a.maxPositions)],
  ["activation", (a) => a.activation],
  ["normType", (a) => a.normType],
  ["tiedEmbeddings", (a) => String(a.tiedEmbeddings)],
];

export default function ComparePage(props: { a?: string; b?: string }) {
  const { architecture } = useStore();
  const pair = createMemo(() => (props.a && props.b ? { a: props.a, b: props.b } : architecture.pair()));
  const [comparison] = createResource(pair, (p) => {
    architecture.setPair(p);
    return architecture.compare(p);
  });
  const differing = createMemo(() => new Set(comparison()?.differences.map((d) => d.field) ?? []));
  // Fields the server reports as different that have no row of their own are listed below.
  const extra = createMemo(() => comparison()?.differences.filter((d) => !ROWS.some(([field]) => field === d.field)) ?? []);

  return (
    <div class="page">
      <p>
        <a href={href.models()}>← Models</a>
      </p>
      <section class="panel" aria-labelledby="compare-heading">
        <h2 id="compare-heading">Compare architectures</h2>
        <Show when={pair()} fallback={<p class="muted">Open a model and pick “Compare with…”.</p>}>
          <Show when={!comparison.error} fallback={<p class="error" role="alert">{(comparison.error as Error).message}</p>}>
            <Show when={comparison()} fallback={<p role="status">Loading…</p>}>
              {(c) => (
                <>
                  <table class="compare">
                    <thead>
                      <tr>
                        <th scope="col">Field</th>
                        <th scope="col">
                          <a href={href.model(c().a.id)}>{`${c().a.name} (${c().a.format})`}</a>
                        </th>
                        <th scope="col">
                          <a href={href.model(c().b.id)}>{`${c().b.name} (${c().b.format})`}</a>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={ROWS}>
                        {([field, read]) => (
                          <tr classList={{ differs: differing().has(field) }} data-field={field}>
                            <th scope="row">
                              {field}
                              <Show when={differing().has(field)}>
                                <span class="sr-only"> (differs)</span>
                              </Show>
                            </th>
                            <td>{c().a.architecture ? read(c().a.architecture!) : "—"}</td>
                            <td>{c().b.architecture ? read(c().b.architecture!) : "—"}</td>
                          </tr>
                        )}
                      </For>
                      <For each={extra()}>
                        {(d) => (
                          <tr class="differs" data-field={d.field}>
                            <th scope="row">{d.field}</th>
                            <td>{d.a ?? "—"}</td>
                            <td>{d.b ?? "—"}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                  <p class="muted">{c().differences.length} differences</p>
                </>
              )}
            </Show>
          </Show>
        </Show>
      </section>
    </div>
  );
}
