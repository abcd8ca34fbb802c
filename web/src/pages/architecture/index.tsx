/** Architecture viewer (container): loads one model's architecture and fidelity report. */
import { createMemo, createResource, createSignal, Show } from "solid-js";
import { formatBytes, formatParams } from "../../lib/format.ts";
import { href, navigate } from "../../lib/route.ts";
import { useStore } from "../../store/index.tsx";
import { Fact } from "../../components/Fact.tsx";
import { Select } from "../../components/Select.tsx";
import { FidelityChart } from "./FidelityChart.tsx";
import { LayerList } from "./LayerList.tsx";

export default function ArchitecturePage(props: { id: string }) {
  const { architecture, models } = useStore();
  const [loaded] = createResource(() => props.id, (id) => architecture.load(id));
  const model = () => architecture.details[props.id];
  // Any other model whose architecture was read (ready, or viewable though incompatible).
  const others = createMemo(() => models.list().filter((m) => m.id !== props.id && (m.status === "READY" || m.status === "INCOMPATIBLE")));
  const [other, setOther] = createSignal("");
  const compare = () => {
    const b = other() || others()[0]?.id;
    if (!b) return;
    architecture.setPair({ a: props.id, b });
    navigate(href.compare(props.id, b));
  };

  return (
    <div class="page">
      <p>
        <a href={href.models()}>← Models</a>
      </p>
      <Show when={!loaded.error} fallback={<p class="error" role="alert">{(loaded.error as Error).message}</p>}>
        <Show when={model()} fallback={<p role="status">{loaded.loading ? "Loading…" : "Model not found."}</p>}>
          {(m) => (
            <section class="panel" aria-labelledby="arch-heading">
              <header class="section-head">
                <h2 id="arch-heading">
                  {m().name} <span class="muted">{m().format}</span>
                </h2>
                <div class="row">
                  <label class="field">
                    <span>Compare with…</span>
                    <Select value={other() || (others()[0]?.id ?? "")} onChange={setOther} options={others().map((o) => ({ value: o.id, label: `${o.name} (${o.format})` }))} />
                  </label>
                  <button type="button" disabled={others().length === 0} onClick={compare}>
                    Compare
                  </button>
                </div>
              </header>
              <Show when={m().architecture} fallback={<p class="muted">The architecture is read once config.json is downloaded.</p>}>
                {(a) => (
                  <>
                    <div class="stats">
                      <Stat label="Parameters" value={formatParams(a().parameterCount)} />
                      <Stat label="Layers" value={String(a().numLayers)} />
                      <Stat label="Hidden size" value={String(a().hiddenSize)} />
                      <Stat label="Attention heads" value={a().numKvHeads !== a().numHeads ? `${a().numHeads} (${a().numKvHeads} kv)` : String(a().numHeads)} />
                    </div>
                    <dl class="facts">
                      <Fact label="Vocabulary">{a().vocabSize.toLocaleString("en-US")}</Fact>
                      <Fact label="Context">{a().maxPositions.toLocaleString("en-US")} tokens</Fact>
                      <Fact label="Type">
                        {a().modelType} · {a().activation} · {a().normType}
                      </Fact>
                      <Fact label="Disk">{formatBytes(m().diskBytes)}</Fact>
                    </dl>
                    <h3>Layers</h3>
                    <LayerList layers={a().layers} />
                    <details class="config">
                      <summary>config.json</summary>
                      <pre>{JSON.stringify(a().config, null, 2)}</pre>
                    </details>
                  </>
                )}
              </Show>
              <Show when={m().format !== "FP32" && m().fidelity}>
                {(f) => (
                  <>
                    <h3>Fidelity against FP32</h3>
                    <FidelityChart entries={f().entries} probeTokens={f().probeTokens} />
                  </>
                )}
              </Show>
            </section>
          )}
        </Show>
      </Show>
    </div>
  );
}

const Stat = (props: { label: string; value: string }) => (
  <div class="stat">
    <span class="stat-value">{props.value}</span>
    <span class="stat-label">{props.label}</span>
  </div>
);
