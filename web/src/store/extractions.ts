/** Extractions slice: list, live progress per active extraction, start/cancel, and the live plan. */
import { createSubscription } from "@urql/solid";
import { createMemo } from "solid-js";
import { createStore, reconcile, unwrap } from "solid-js/store";
import { EXTRACTION_ACTIVE_STATUSES } from "../../../contracts/src/status.ts";
import type { Api } from "../api/api.ts";
import {
  CancelExtractionMutation,
  ExtractionPlanQuery,
  ExtractionProgressSubscription,
  ExtractionsQuery,
  StartExtractionMutation,
} from "../api/documents.ts";
import type {
  ExtractionItemFragment,
  ExtractionInput,
  ExtractionProgressSubscription as ExtractionProgressData,
  ExtractionProgressSubscriptionVariables,
  ResourceFieldsFragment,
} from "../gql/graphql.ts";
import { createLatest } from "../lib/latest.ts";
import { appendBounded, forEachId } from "../lib/live.ts";

export type Extraction = ExtractionItemFragment;
export type ExtractionProgressEvent = ExtractionProgressData["extractionProgress"];

export const isActive = (extraction: Pick<Extraction, "status">) => EXTRACTION_ACTIVE_STATUSES.includes(extraction.status);

export function foldExtractionProgress(prev: Extraction | undefined, event: ExtractionProgressEvent): Extraction | undefined {
  const base = event.extraction ?? prev;
  return base && { ...base, status: event.status, errorCode: event.errorCode ?? null, progress: event.progress };
}

export function createExtractions(api: Api, debounceMs: number) {
  const [state, setState] = createStore({
    byId: {} as Record<string, Extraction>,
    samples: {} as Record<string, ResourceFieldsFragment[]>,
  });
  const list = createMemo(() => Object.values(state.byId).sort((x, y) => y.createdAt.localeCompare(x.createdAt)));
  const ids = createMemo(() => Object.keys(state.byId));
  const put = (extraction: Extraction) => setState("byId", extraction.id, reconcile(extraction));
  const plan = createLatest(async (input: ExtractionInput) => (await api.query(ExtractionPlanQuery, { input })).extractionPlan, debounceMs);

  return {
    state,
    list,
    plan,
    async load() {
      const { extractions } = await api.query(ExtractionsQuery, {});
      setState("byId", reconcile(Object.fromEntries(extractions.map((e) => [e.id, e]))));
    },
    /** Folds each extraction's progress stream into the store while it is active (see models.live). */
    live() {
      forEachId(
        ids,
        (id) => !!state.byId[id] && isActive(state.byId[id]),
        (id, paused) =>
          createSubscription<ExtractionProgressData, void, ExtractionProgressSubscriptionVariables>(
            { query: ExtractionProgressSubscription, variables: { id }, pause: paused },
            (_, { extractionProgress }) => {
              const next = foldExtractionProgress(unwrap(state.byId)[id], extractionProgress);
              if (next) put(next);
              const sample = extractionProgress.progress.resources;
              if (sample) setState("samples", id, (prev) => appendBounded(prev, sample));
            },
          ),
      );
    },
    async start(input: ExtractionInput) {
      const { startExtraction } = await api.mutate(StartExtractionMutation, { input });
      put(startExtraction);
      return startExtraction;
    },
    async cancel(id: string) {
      put((await api.mutate(CancelExtractionMutation, { id })).cancelExtraction);
    },
  };
}
