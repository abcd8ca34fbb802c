import { createResource, createSignal, For, Show } from "solid-js";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Modal } from "../../components/Modal.tsx";
import { toApiError } from "../../api/api.ts";
import { formatBytes, formatParams, toNumber, type Big } from "../../lib/format.ts";
import type { DeletionReport } from "../../store/models.ts";

/** A dry run frees nothing yet (bytesFreed 0); what it would free is the sum of what it lists. */
const bytesToFree = (report: DeletionReport) => (report.dryRun ? report.models.reduce((sum, m) => sum + toNumber(m.bytes), 0) : toNumber(report.bytesFreed));

/**
 * Deleting always starts with the API's dry run: what goes, what depends on it, bytes freed, or
 * why it is blocked. The real delete is one more click, and only when nothing blocks it.
 */
export function DeleteDialog(props: {
  title: string;
  parameterCount?: Big;
  dryRun: () => Promise<DeletionReport>;
  confirm: () => Promise<DeletionReport>;
  onClose: () => void;
}) {
  const [report] = createResource(props.dryRun);
  const [error, setError] = createSignal<string | null>(null);
  const [deleting, setDeleting] = createSignal(false);

  async function confirm() {
    setDeleting(true);
    try {
      const result = await props.confirm();
      if (result.deleted) props.onClose();
      else setError(result.blockedReasons.join(" ") || "Nothing was deleted.");
    } catch (caught) {
      setError(toApiError(caught).message);
    } finally {
      setDeleting(false);
    }
  }

  return (
    <Modal
      title={props.title}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" onClick={() => props.onClose()}>
            Keep
          </button>
          <button type="button" class="danger" disabled={!report() || report()!.blocked || report()!.models.length === 0 || deleting()} onClick={confirm}>
            {deleting() ? "Deleting…" : "Delete"}
          </button>
        </>
      }
    >
      <Show when={!report.loading} fallback={<p role="status">Checking what would be deleted…</p>}>
        <Show when={!report.error} fallback={<p class="error" role="alert">{toApiError(report.error).message}</p>}>
          <Show when={report()}>
            {(r) => (
              <>
                <Show when={r().blocked}>
                  <div class="error" role="alert">
                    <strong>Cannot delete now.</strong>
                    <For each={r().blockedReasons}>{(reason) => <p>{reason}</p>}</For>
                  </div>
                </Show>
                <Show when={r().models.length > 0} fallback={<p>No unused models: nothing to delete.</p>}>
                  <table class="report">
                    <thead>
                      <tr>
                        <th scope="col">Model</th>
                        <Show when={props.parameterCount != null}>
                          <th scope="col">Parameters</th>
                        </Show>
                        <th scope="col">Size</th>
                        <th scope="col">Extractions</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={r().models}>
                        {(m) => (
                          <tr>
                            <th scope="row">
                              {m.name} <span class="muted">{m.format}</span>
                            </th>
                            <Show when={props.parameterCount != null}>
                              <td>{formatParams(props.parameterCount)}</td>
                            </Show>
                            <td>{formatBytes(m.bytes)}</td>
                            <td>{m.extractionCount}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                  <p>
                    Frees <strong data-testid="bytes-freed">{formatBytes(bytesToFree(r()))}</strong>
                    <Show when={r().models.some((m) => m.extractionCount > 0)}>, and removes the extractions listed above</Show>.
                  </p>
                </Show>
              </>
            )}
          </Show>
        </Show>
      </Show>
      <ErrorAlert message={error()} />
    </Modal>
  );
}
