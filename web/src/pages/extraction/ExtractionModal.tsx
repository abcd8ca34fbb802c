/**
 * Extraction modal (container): settings with a live plan, saved templates, then Start → progress
 * in place. The model's architecture gives the layer count and context length.
 */
import { createEffect, createMemo, createSignal, For, Match, on, onMount, Show, Switch } from "solid-js";
import { HOOK_TYPES } from "../../../../contracts/src/hooks.ts";
import { toApiError } from "../../api/api.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { ExtractionProgress } from "../../components/ExtractionProgress.tsx";
import { Modal } from "../../components/Modal.tsx";
import { Select } from "../../components/Select.tsx";
import type { ExtractionPlanQuery, HookType } from "../../gql/graphql.ts";
import type { Latest } from "../../lib/latest.ts";
import {
  autoTemplateName,
  BATCH_SIZES,
  defaultSettings,
  fromTemplate,
  toExtractionInput,
  toTemplateInput,
  validateSettings,
  type ExtractionSettings,
} from "../../lib/extractionSettings.ts";
import { formatBytes, formatDuration } from "../../lib/format.ts";
import { href } from "../../lib/route.ts";
import { saveJson } from "../../lib/saveFile.ts";
import { useStore } from "../../store/index.tsx";
import type { Model } from "../../store/models.ts";
import { LayerGrid } from "./LayerGrid.tsx";
import { TemplatesSection } from "./TemplatesSection.tsx";

type ExtractionPlan = ExtractionPlanQuery["extractionPlan"];
const HOOK_LABELS: Record<HookType, string> = { RESIDUAL: "Residual stream", MLP: "MLP output", ATTENTION: "Attention output" };

export function ExtractionModal(props: { model: Model; onClose: () => void }) {
  const { architecture, datasets, extractions, templates } = useStore();
  const detail = () => architecture.details[props.model.id];
  const limits = createMemo(() => ({ numLayers: detail()?.architecture?.numLayers ?? 0, maxPositions: detail()?.architecture?.maxPositions ?? 0 }));
  const [settings, setSettings] = createSignal<ExtractionSettings>(defaultSettings(0));
  const [datasetId, setDatasetId] = createSignal("");
  const [startedId, setStartedId] = createSignal<string | null>(null);
  const [startError, setStartError] = createSignal<string | null>(null);
  const ready = createMemo(() => datasets.list().filter((d) => d.status === "READY"));
  const problems = createMemo(() => (limits().numLayers ? validateSettings(settings(), limits(), datasetId()) : []));
  const started = () => (startedId() ? extractions.state.byId[startedId()!] : undefined);
  const patch = (next: Partial<ExtractionSettings>) => setSettings({ ...settings(), ...next });

  onMount(() => void architecture.load(props.model.id).catch((e: Error) => setStartError(e.message)));
  createEffect(on(() => limits().numLayers, (n) => n && setSettings(defaultSettings(n)), { defer: true }));
  createEffect(() => {
    if (!datasetId() && ready()[0]) setDatasetId(ready()[0].id);
  });
  // The plan follows every change of the settings, as long as they are valid.
  createEffect(() => {
    if (limits().numLayers && problems().length === 0 && !startedId()) extractions.plan.request(toExtractionInput(settings(), props.model.id, datasetId()));
    else extractions.plan.reset();
  });

  async function start() {
    setStartError(null);
    try {
      setStartedId((await extractions.start(toExtractionInput(settings(), props.model.id, datasetId()))).id);
    } catch (caught) {
      setStartError(toApiError(caught).message);
    }
  }

  const numberField = (label: string, key: "sequenceLength" | "topK", min: number, max: number) => (
    <label class="field">
      <span>{label}</span>
      <input type="number" min={min} max={max} value={settings()[key]} onInput={(e) => patch({ [key]: e.currentTarget.valueAsNumber })} />
    </label>
  );

  return (
    <Modal title={`Extract activations: ${props.model.name} (${props.model.format})`} onClose={props.onClose} wide>
      <Switch>
        <Match when={started()}>
          {(extraction) => (
            <div class="started">
              <ExtractionProgress extraction={extraction()} samples={extractions.state.samples[extraction().id]} onCancel={() => void extractions.cancel(extraction().id)} />
              <Show when={extraction().status === "COMPLETED"}>
                <p class="ok">
                  Done. <a href={href.extractions()} onClick={() => props.onClose()}>See files and statistics</a>
                </p>
              </Show>
            </div>
          )}
        </Match>
        <Match when={limits().numLayers === 0}>
          <p role="status">{startError() ?? "Reading the model's architecture…"}</p>
        </Match>
        <Match when={limits().numLayers > 0}>
          <div class="extraction-form">
            <label class="field">
              <span>Dataset</span>
              <Select
                value={datasetId()}
                onChange={setDatasetId}
                options={ready().length ? ready().map((d) => ({ value: d.id, label: `${d.name} (${d.sampleCount ?? "?"} samples)` })) : [{ value: "", label: "No ready datasets" }]}
              />
              <a href={href.datasets()} onClick={() => props.onClose()}>
                Import a dataset
              </a>
            </label>
            <LayerGrid numLayers={limits().numLayers} selected={settings().layers} onChange={(layers) => patch({ layers })} />
            <fieldset class="hooks">
              <legend>Hook types</legend>
              <For each={HOOK_TYPES}>
                {(hook) => (
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={settings().hookTypes.includes(hook)}
                      onChange={(e) =>
                        patch({ hookTypes: e.currentTarget.checked ? [...settings().hookTypes, hook] : settings().hookTypes.filter((h) => h !== hook) })
                      }
                    />
                    {HOOK_LABELS[hook]}
                  </label>
                )}
              </For>
            </fieldset>
            <div class="row wrap">
              <label class="field">
                <span>Batch size</span>
                <Select value={settings().batchSize} onChange={(batchSize) => patch({ batchSize })} options={BATCH_SIZES.map((b) => ({ value: b, label: String(b) }))} />
              </label>
              <label class="field">
                <span>Max samples</span>
                <input
                  type="number"
                  min="1"
                  placeholder="all"
                  value={settings().maxSamples ?? ""}
                  onInput={(e) => patch({ maxSamples: e.currentTarget.value === "" ? null : e.currentTarget.valueAsNumber })}
                />
              </label>
              {numberField("Sequence length", "sequenceLength", 1, limits().maxPositions)}
              {numberField("Top-k", "topK", 10, 1000)}
              <label class="field">
                <span>Storage dtype</span>
                <Select
                  value={settings().storageDType}
                  onChange={(storageDType) => patch({ storageDType })}
                  options={[
                    { value: "float32", label: "float32" },
                    { value: "float16", label: "float16" },
                  ]}
                />
              </label>
            </div>
            <ul class="messages" aria-live="polite">
              <For each={problems()}>{(p) => <li class="error">{p}</li>}</For>
            </ul>
            <PlanLine state={extractions.plan.state()} />
            <ErrorAlert message={startError()} />
            <div class="row">
              <button type="button" class="primary" disabled={problems().length > 0} onClick={start}>
                Start extraction
              </button>
            </div>
            <TemplatesSection
              templates={templates.list()}
              autoName={() => autoTemplateName(settings(), new Date())}
              onSave={(name, description) => templates.create(toTemplateInput(settings(), name, description))}
              onLoad={(t) => setSettings(fromTemplate(t, limits().numLayers))}
              onFavorite={(t) => templates.setFavorite(t.id, !t.isFavorite)}
              onDelete={(t) => templates.remove(t.id)}
              onExport={async () => saveJson("extraction-templates.json", await templates.exportAll())}
              onImport={templates.importDocument}
            />
          </div>
        </Match>
      </Switch>
    </Modal>
  );
}

/** The live extractionPlan: storage, time, free disk, warnings. */
function PlanLine(props: { state: Latest<ExtractionPlan> }) {
  // While a new estimate is on its way the last one stays, dimmed, instead of flickering away.
  const plan = () => (props.state.status === "ready" || props.state.status === "loading" ? props.state.value : undefined);
  return (
    <div class="plan-line" classList={{ stale: props.state.status === "loading" }} aria-live="polite" aria-busy={props.state.status === "loading"}>
      <Switch>
        <Match when={props.state.status === "loading" && !plan()}>
          <p class="muted">Estimating…</p>
        </Match>
        <Match when={props.state.status === "error" && props.state.error}>{(error) => <p class="error">{error().message}</p>}</Match>
        <Match when={plan()}>
          {(p) => (
            <>
              <p data-testid="extraction-plan">
                {p().samples} samples × {p().layers.length} layers: <strong>{formatBytes(p().storageBytes)}</strong> on disk (free{" "}
                {formatBytes(p().freeDiskBytes)}), about <strong>{formatDuration(p().estimatedSeconds)}</strong>{" "}
                <span class="muted">({p().estimateSource} estimate)</span>
              </p>
              <For each={p().warnings}>{(w) => <p class="warning">{w}</p>}</For>
            </>
          )}
        </Match>
      </Switch>
    </div>
  );
}
