/**
 * Status state machines. Every status change in the product goes through `assertTransition`, so
 * an invalid change (a ready model going back to downloading, a completed extraction cancelled)
 * is rejected in one place, by the API and by workers alike.
 */
export const MODEL_STATUSES = ["DOWNLOADING", "LOADING", "QUANTIZING", "READY", "ERROR", "INCOMPATIBLE"] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

export const EXTRACTION_STATUSES = ["QUEUED", "INITIALIZING", "EXTRACTING", "COMPLETED", "ERROR", "CANCELLED"] as const;
export type ExtractionStatus = (typeof EXTRACTION_STATUSES)[number];

export const DATASET_STATUSES = ["DOWNLOADING", "READY", "ERROR"] as const;
export type DatasetStatus = (typeof DATASET_STATUSES)[number];

type Transitions<S extends string> = Readonly<Record<S, readonly S[]>>;

// A model is downloaded (DOWNLOADING), its files checked and described (LOADING), converted
// (QUANTIZING) and then READY. INCOMPATIBLE models are viewable but never converted. ERROR can be
// retried: a retry re-enters DOWNLOADING (missing raw files) or QUANTIZING (raw files whole).
// READY → QUANTIZING is not allowed: a re-quantization is a new model row (a variant).
export const MODEL_TRANSITIONS: Transitions<ModelStatus> = {
  DOWNLOADING: ["LOADING", "ERROR", "INCOMPATIBLE"],
  LOADING: ["QUANTIZING", "ERROR", "INCOMPATIBLE"],
  QUANTIZING: ["READY", "ERROR"],
  READY: ["ERROR"],
  ERROR: ["DOWNLOADING", "QUANTIZING"],
  INCOMPATIBLE: [],
};

export const EXTRACTION_TRANSITIONS: Transitions<ExtractionStatus> = {
  QUEUED: ["INITIALIZING", "CANCELLED", "ERROR"],
  INITIALIZING: ["EXTRACTING", "CANCELLED", "ERROR", "QUEUED"],
  EXTRACTING: ["COMPLETED", "CANCELLED", "ERROR", "QUEUED"],
  COMPLETED: [],
  ERROR: [],
  CANCELLED: [],
};

export const DATASET_TRANSITIONS: Transitions<DatasetStatus> = {
  DOWNLOADING: ["READY", "ERROR"],
  READY: [],
  ERROR: ["DOWNLOADING"],
};

export class InvalidTransitionError extends Error {
  constructor(
    readonly entity: "model" | "extraction" | "dataset",
    readonly from: string,
    readonly to: string,
  ) {
    super(`A ${entity} cannot go from ${from} to ${to}.`);
    this.name = "InvalidTransitionError";
  }
}

function check<S extends string>(entity: InvalidTransitionError["entity"], table: Transitions<S>, from: S, to: S): void {
  if (from === to) return; // progress updates within a state are not transitions
  if (!table[from].includes(to)) throw new InvalidTransitionError(entity, from, to);
}

export const assertModelTransition = (from: ModelStatus, to: ModelStatus) => check("model", MODEL_TRANSITIONS, from, to);
export const assertExtractionTransition = (from: ExtractionStatus, to: ExtractionStatus) =>
  check("extraction", EXTRACTION_TRANSITIONS, from, to);
export const assertDatasetTransition = (from: DatasetStatus, to: DatasetStatus) => check("dataset", DATASET_TRANSITIONS, from, to);

/** States in which a job is (or may soon be) using the entity's files. */
export const MODEL_BUSY_STATUSES: readonly ModelStatus[] = ["DOWNLOADING", "LOADING", "QUANTIZING"];
export const EXTRACTION_ACTIVE_STATUSES: readonly ExtractionStatus[] = ["QUEUED", "INITIALIZING", "EXTRACTING"];
