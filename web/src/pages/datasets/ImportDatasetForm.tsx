import { createSignal, Match, Show, Switch } from "solid-js";
import { toApiError } from "../../api/api.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { ProgressBar } from "../../components/ProgressBar.tsx";
import type { ImportDatasetInput } from "../../gql/graphql.ts";
import { isValidRepoId } from "../../lib/hub.ts";

type Source = "file" | "hub";

/** Import from a local file (uploaded with progress) or from a Hub dataset repo. */
export function ImportDatasetForm(props: {
  uploadProgress: number | null;
  onFile: (file: File, fields: Omit<ImportDatasetInput, "file">) => Promise<unknown>;
  onHub: (input: Omit<ImportDatasetInput, "file">) => Promise<unknown>;
}) {
  const [source, setSource] = createSignal<Source>("file");
  const [file, setFile] = createSignal<File | null>(null);
  const [name, setName] = createSignal("");
  const [textField, setTextField] = createSignal("text");
  const [repoId, setRepoId] = createSignal("");
  const [split, setSplit] = createSignal("");
  const [config, setConfig] = createSignal("");
  const [token, setToken] = createSignal("");
  const [error, setError] = createSignal<string | null>(null);
  const canSubmit = () => props.uploadProgress === null && (source() === "file" ? file() !== null : isValidRepoId(repoId().trim()));
  const optional = (value: string) => value.trim() || null;

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError(null);
    const common = { name: optional(name()), textField: optional(textField()) };
    try {
      if (source() === "file") await props.onFile(file()!, common);
      else await props.onHub({ ...common, repoId: repoId().trim(), split: optional(split()), config: optional(config()), accessToken: optional(token()) });
      setName("");
      setRepoId("");
    } catch (caught) {
      setError(toApiError(caught).message);
    }
  }

  return (
    <form class="panel" onSubmit={submit} aria-label="Import a dataset">
      <h2>Import a dataset</h2>
      <fieldset class="row">
        <legend class="sr-only">Source</legend>
        <label class="check">
          <input type="radio" name="source" checked={source() === "file"} onChange={() => setSource("file")} /> From a file
        </label>
        <label class="check">
          <input type="radio" name="source" checked={source() === "hub"} onChange={() => setSource("hub")} /> From a Hub dataset repo
        </label>
      </fieldset>
      <div class="row wrap">
        <Switch>
          <Match when={source() === "file"}>
            <label class="field grow">
              <span>File (.txt, .jsonl, .json, .csv, .parquet)</span>
              <input type="file" accept=".txt,.jsonl,.json,.csv,.parquet" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
            </label>
          </Match>
          <Match when={source() === "hub"}>
            <label class="field grow">
              <span>Dataset repo</span>
              <input placeholder="roneneldan/TinyStories" value={repoId()} onInput={(e) => setRepoId(e.currentTarget.value)} />
            </label>
            <label class="field">
              <span>Config</span>
              <input value={config()} onInput={(e) => setConfig(e.currentTarget.value)} />
            </label>
            <label class="field">
              <span>Split</span>
              <input placeholder="train" value={split()} onInput={(e) => setSplit(e.currentTarget.value)} />
            </label>
            <label class="field">
              <span>Access token</span>
              <input type="password" autocomplete="off" value={token()} onInput={(e) => setToken(e.currentTarget.value)} />
            </label>
          </Match>
        </Switch>
        <label class="field">
          <span>Name</span>
          <input placeholder="optional" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Text field / column</span>
          <input value={textField()} onInput={(e) => setTextField(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary" disabled={!canSubmit()}>
          Import
        </button>
      </div>
      <Show when={props.uploadProgress !== null}>
        <ProgressBar percent={(props.uploadProgress ?? 0) * 100} label="Upload" caption={<span>uploading {file()?.name}</span>} />
      </Show>
      <ErrorAlert message={error()} />
    </form>
  );
}
