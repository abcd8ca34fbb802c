import { createSignal, For, Show } from "solid-js";
import { toApiError } from "../../api/api.ts";
import type { ImportResult, Template } from "../../store/templates.ts";

export interface TemplateActions {
  onSave: (name: string, description: string) => Promise<unknown>;
  onLoad: (template: Template) => void;
  onFavorite: (template: Template) => Promise<unknown>;
  onDelete: (template: Template) => Promise<unknown>;
  onExport: () => Promise<unknown>;
  onImport: (document: unknown) => Promise<ImportResult>;
}

/** Saved extraction settings: save current (auto-named, editable), load, favorite, delete, export/import. */
export function TemplatesSection(props: TemplateActions & { templates: readonly Template[]; autoName: () => string }) {
  // The name follows the settings (auto-name) until the user types one of their own.
  const [customName, setCustomName] = createSignal<string | null>(null);
  const name = () => customName() ?? props.autoName();
  const [description, setDescription] = createSignal("");
  const [confirming, setConfirming] = createSignal<string | null>(null);
  const [message, setMessage] = createSignal<{ text: string; error?: boolean } | null>(null);
  let fileInput!: HTMLInputElement;

  const run = async (action: () => Promise<unknown>, success?: string) => {
    try {
      await action();
      setMessage(success ? { text: success } : null);
    } catch (caught) {
      setMessage({ text: toApiError(caught).message, error: true });
    }
  };

  async function importFile(file: File) {
    let document: unknown;
    try {
      document = JSON.parse(await file.text());
    } catch {
      setMessage({ text: `${file.name} is not JSON.`, error: true });
      return;
    }
    await run(async () => {
      const result = await props.onImport(document);
      const skipped = result.skipped.map((s) => `#${s.index}${s.name ? ` ${s.name}` : ""}: ${s.reason}`).join("; ");
      setMessage({ text: `Imported ${result.imported.length}, skipped ${result.skipped.length}${skipped ? ` (${skipped})` : ""}.` });
    });
  }

  return (
    <section class="templates" aria-labelledby="templates-heading">
      <h3 id="templates-heading">Saved Templates ({props.templates.length})</h3>
      <div class="save-template">
        <label class="field grow">
          <span>Template name</span>
          <input value={name()} onInput={(e) => setCustomName(e.currentTarget.value)} maxLength={255} />
        </label>
        <button type="button" class="icon" aria-label="Suggest a name from the current settings" title="Suggest a name" onClick={() => setCustomName(null)}>
          ↻
        </button>
        <label class="field grow">
          <span>Description</span>
          <input value={description()} onInput={(e) => setDescription(e.currentTarget.value)} maxLength={500} />
        </label>
        <button
          type="button"
          onClick={() =>
            run(async () => {
              await props.onSave(name(), description());
              setCustomName(null);
              setDescription("");
            }, `Saved “${name()}”.`)
          }
        >
          Save current settings
        </button>
      </div>
      <ul class="template-list">
        <For each={props.templates} fallback={<li class="muted">No saved templates yet.</li>}>
          {(t) => (
            <li class="template" data-template={t.name}>
              <button
                type="button"
                class="icon star"
                aria-pressed={t.isFavorite}
                aria-label={`${t.isFavorite ? "Unfavorite" : "Favorite"} ${t.name}`}
                onClick={() => run(() => props.onFavorite(t))}
              >
                {t.isFavorite ? "★" : "☆"}
              </button>
              <div class="grow">
                <strong>{t.name}</strong>
                <Show when={t.description}>
                  <p class="muted small">{t.description}</p>
                </Show>
                <p class="muted small">
                  {t.hookTypes.join(", ").toLowerCase()} · batch {t.batchSize} · seq {t.sequenceLength} · top-k {t.topK} · {t.storageDType}
                </p>
              </div>
              <Show
                when={confirming() === t.id}
                fallback={
                  <>
                    <button type="button" onClick={() => props.onLoad(t)} aria-label={`Load ${t.name}`}>
                      Load
                    </button>
                    <button type="button" class="danger subtle" onClick={() => setConfirming(t.id)} aria-label={`Delete ${t.name}`}>
                      Delete
                    </button>
                  </>
                }
              >
                <span role="alert">Delete “{t.name}”?</span>
                <button type="button" class="danger" onClick={() => run(() => props.onDelete(t)).then(() => setConfirming(null))}>
                  Yes, delete
                </button>
                <button type="button" onClick={() => setConfirming(null)}>
                  No
                </button>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <div class="row">
        <button type="button" onClick={() => run(props.onExport)}>
          Export JSON
        </button>
        <button type="button" onClick={() => fileInput.click()}>
          Import JSON
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          class="sr-only"
          tabindex="-1"
          aria-label="Template file to import"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void importFile(file);
            e.currentTarget.value = "";
          }}
        />
      </div>
      <Show when={message()}>
        {(m) => (
          <p classList={{ error: m().error, ok: !m().error }} role="status">
            {m().text}
          </p>
        )}
      </Show>
    </section>
  );
}
