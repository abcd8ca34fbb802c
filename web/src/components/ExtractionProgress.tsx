import { Show } from "solid-js";
import type { Extraction } from "../store/extractions.ts";
import { isActive } from "../store/extractions.ts";
import { formatDuration } from "../lib/format.ts";
import { ProgressBar } from "./ProgressBar.tsx";
import { ResourceGraph } from "./ResourceGraph.tsx";
import { StatusBadge } from "./StatusBadge.tsx";
import type { ResourceFieldsFragment } from "../gql/graphql.ts";

/** One extraction's live state: status, samples, tokens/s, ETA, resources, and Cancel while active. */
export function ExtractionProgress(props: { extraction: Extraction; samples?: readonly ResourceFieldsFragment[]; onCancel: () => void }) {
  const e = () => props.extraction;
  return (
    <div class="extraction-progress">
      <div class="row spread">
        <StatusBadge status={e().status} detail={e().statusMessage} />
        <Show when={isActive(e())}>
          <button type="button" onClick={() => props.onCancel()}>
            Cancel extraction
          </button>
        </Show>
      </div>
      <Show when={e().progress}>
        {(p) => (
          <ProgressBar
            percent={e().status === "COMPLETED" ? 100 : p().percent}
            label={`Extraction ${e().id}`}
            caption={
              <>
                <span>
                  {p().samplesDone} / {p().samplesTotal} samples
                </span>
                <span>{p().tokensPerSecond != null ? `${Math.round(p().tokensPerSecond!)} tokens/s` : "—"}</span>
                <span>ETA {formatDuration(p().etaSeconds)}</span>
              </>
            }
          />
        )}
      </Show>
      <Show when={isActive(e()) && props.samples?.length}>
        <ResourceGraph samples={props.samples ?? []} />
      </Show>
      <Show when={e().status === "ERROR"}>
        <p class="error">{e().statusMessage ?? e().errorCode}</p>
      </Show>
    </div>
  );
}
