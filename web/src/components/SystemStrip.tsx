import { createMemo, For, Show } from "solid-js";
import { formatBytes } from "../lib/format.ts";
import { useStore } from "../store/index.tsx";
import { isBusy } from "../store/models.ts";
import { isActive } from "../store/extractions.ts";
import { ResourceGraph } from "./ResourceGraph.tsx";

/** Free disk, memory budget, queue depths, and the resource graph of whatever job is running. */
export function SystemStrip() {
  const { system, models, extractions } = useStore();
  // The job whose samples are graphed: the first running extraction, else the first busy model.
  const running = createMemo(() => {
    const extraction = extractions.list().find((e) => isActive(e) && extractions.state.samples[e.id]?.length);
    if (extraction) return { label: `extraction on ${extraction.model.name}`, samples: extractions.state.samples[extraction.id] };
    const model = models.list().find((m) => isBusy(m) && models.state.samples[m.id]?.length);
    return model ? { label: `${model.status.toLowerCase()} ${model.name}`, samples: models.state.samples[model.id] } : null;
  });
  return (
    <aside class="system-strip" aria-label="System">
      <Show when={system.info()} fallback={<span class="muted">System figures loading…</span>}>
        {(info) => (
          <>
            <span>
              Free disk <strong>{formatBytes(info().freeDiskBytes)}</strong> of {formatBytes(info().totalDiskBytes)}
            </span>
            <span>
              Memory budget <strong>{formatBytes(info().deviceBudgetBytes)}</strong>
            </span>
            <span class="queues">
              Queues
              <For each={info().queues}>
                {(q) => (
                  <span class="queue" title={`${q.waiting} waiting, ${q.active} active, ${q.delayed} delayed, ${q.failed} failed`}>
                    {q.queue} {q.active} active · {q.waiting} waiting
                  </span>
                )}
              </For>
            </span>
          </>
        )}
      </Show>
      <Show when={running()}>
        {(job) => (
          <span class="running">
            <span class="muted small">{job().label}</span>
            <ResourceGraph samples={job().samples} />
          </span>
        )}
      </Show>
    </aside>
  );
}
