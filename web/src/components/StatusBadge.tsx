import type { DatasetStatus, ExtractionStatus, ModelStatus } from "../gql/graphql.ts";

type Status = ModelStatus | ExtractionStatus | DatasetStatus;

/** What each state means, for the tooltip (the badge text alone is terse). */
const MEANING: Record<Status, string> = {
  DOWNLOADING: "Fetching files",
  LOADING: "Checking the files and reading the model's config",
  QUANTIZING: "Converting to ONNX and quantizing",
  READY: "Ready",
  ERROR: "Failed",
  INCOMPATIBLE: "This architecture cannot be converted; the model can still be inspected",
  QUEUED: "Waiting for a worker",
  INITIALIZING: "Loading the model and tokenizing",
  EXTRACTING: "Running the model and writing activations",
  COMPLETED: "Finished; files are on disk",
  CANCELLED: "Cancelled; partial output was removed",
};

const TONE: Record<Status, "busy" | "ok" | "bad" | "muted"> = {
  DOWNLOADING: "busy",
  LOADING: "busy",
  QUANTIZING: "busy",
  QUEUED: "busy",
  INITIALIZING: "busy",
  EXTRACTING: "busy",
  READY: "ok",
  COMPLETED: "ok",
  ERROR: "bad",
  INCOMPATIBLE: "bad",
  CANCELLED: "muted",
};

/**
 * The status word with its meaning as a tooltip that shows on hover and on keyboard focus (CSS,
 * from data-tip); screen readers get the meaning as hidden text instead.
 */
export function StatusBadge(props: { status: Status; detail?: string | null }) {
  const tooltip = () => (props.detail ? `${MEANING[props.status]}: ${props.detail}` : MEANING[props.status]);
  return (
    <span class={`badge tone-${TONE[props.status]}`} data-tip={tooltip()} tabindex="0">
      <span>{props.status.toLowerCase()}</span>
      <span class="sr-only">: {tooltip()}</span>
    </span>
  );
}
