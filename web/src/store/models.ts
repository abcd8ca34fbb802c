/** Models slice: the list (query + modelEvents), live progress per busy model, and model actions. */
import { createSubscription } from "@urql/solid";
import { createMemo } from "solid-js";
import { createStore, reconcile, unwrap } from "solid-js/store";
import { MODEL_BUSY_STATUSES } from "../../../contracts/src/status.ts";
import type { Api } from "../api/api.ts";
import {
  CancelModelJobMutation,
  DeleteModelMutation,
  DeleteUnusedModelsMutation,
  DownloadModelMutation,
  ModelEventsSubscription,
  ModelProgressSubscription,
  ModelsQuery,
  RequantizeModelMutation,
  RetryModelDownloadMutation,
} from "../api/documents.ts";
import type {
  DeletionReportFieldsFragment,
  DownloadModelInput,
  ModelEventsSubscription as ModelEventsData,
  ModelItemFragment,
  ModelProgressSubscription as ModelProgressData,
  ModelProgressSubscriptionVariables,
  ModelsQuery as ModelsData,
  ResourceFieldsFragment,
} from "../gql/graphql.ts";
import { appendBounded, forEachId } from "../lib/live.ts";

export type Model = ModelItemFragment;
export type ModelListEvent = ModelEventsData["modelEvents"];
export type ModelProgressEvent = ModelProgressData["modelProgress"];
export type ResourceSample = ResourceFieldsFragment;
export type DeletionReport = DeletionReportFieldsFragment;
type ModelMap = Readonly<Record<string, Model>>;
const PAGE = 200;

export const isBusy = (model: Pick<Model, "status">) => MODEL_BUSY_STATUSES.includes(model.status);

export function foldModelEvent(prev: ModelMap, event: ModelListEvent): ModelMap {
  if (event.kind === "DELETED") {
    const { [event.modelId]: _gone, ...rest } = prev;
    return rest;
  }
  return event.model ? { ...prev, [event.modelId]: event.model } : prev;
}

export function foldModelProgress(prev: ModelMap, event: ModelProgressEvent): ModelMap {
  const current = event.model ?? prev[event.modelId];
  if (!current) return prev;
  return {
    ...prev,
    [event.modelId]: { ...current, status: event.status, errorCode: event.errorCode ?? null, progress: event.progress },
  };
}

export function createModels(api: Api) {
  const [state, setState] = createStore({
    byId: {} as Record<string, Model>,
    samples: {} as Record<string, ResourceSample[]>,
    loaded: false,
    loadError: null as string | null,
  });
  /** Applies a pure (prev, event) => next fold; reconcile keeps unchanged models' identity. */
  const fold = <E>(step: (prev: ModelMap, event: E) => ModelMap, event: E) =>
    setState("byId", reconcile(step(unwrap(state.byId), event)));
  const upsert = (model: Model | null | undefined) => model && setState("byId", model.id, reconcile(model));
  const list = createMemo(() => Object.values(state.byId));
  const ids = createMemo(() => Object.keys(state.byId));

  async function load() {
    try {
      // The server pages at most 200 models per request; the list view wants them all.
      const byId: Record<string, Model> = {};
      let after: string | null = null;
      do {
        const { models }: ModelsData = await api.query(ModelsQuery, { first: PAGE, after });
        models.edges.forEach(({ node }) => (byId[node.id] = node));
        after = models.pageInfo.hasNextPage ? (models.pageInfo.endCursor ?? null) : null;
      } while (after);
      setState("byId", reconcile(byId));
      setState({ loaded: true, loadError: null });
    } catch (error) {
      setState({ loaded: true, loadError: (error as Error).message });
    }
  }

  /**
   * Folds the list stream, and each model's progress stream while the model is busy, into the
   * store (@urql/solid's createSubscription; the server sends the current state first). Call under
   * a reactive owner below urql's Provider; the streams close with it.
   */
  function live() {
    createSubscription<ModelEventsData, void>({ query: ModelEventsSubscription }, (_, { modelEvents }) => fold(foldModelEvent, modelEvents));
    forEachId(
      ids,
      (id) => !!state.byId[id] && isBusy(state.byId[id]),
      (id, paused) =>
        createSubscription<ModelProgressData, void, ModelProgressSubscriptionVariables>(
          { query: ModelProgressSubscription, variables: { id }, pause: paused },
          (_, { modelProgress }) => {
            fold(foldModelProgress, modelProgress);
            const sample = modelProgress.progress.resources;
            if (sample) setState("samples", id, (prev) => appendBounded(prev, sample));
          },
        ),
    );
  }

  return {
    state,
    list,
    load,
    live,
    async download(input: DownloadModelInput) {
      const { downloadModel } = await api.mutate(DownloadModelMutation, { input });
      upsert(downloadModel.model);
      return downloadModel;
    },
    async retry(id: string, accessToken?: string) {
      upsert((await api.mutate(RetryModelDownloadMutation, { id, accessToken })).retryModelDownload.model);
    },
    async cancel(id: string) {
      upsert((await api.mutate(CancelModelJobMutation, { id })).cancelModelJob);
    },
    async requantize(id: string, quantization: string) {
      upsert((await api.mutate(RequantizeModelMutation, { id, quantization })).requantizeModel.model);
    },
    /** Dry run when `dryRun`; otherwise deletes and drops the rows it reports. */
    async remove(id: string, dryRun: boolean): Promise<DeletionReport> {
      const report = (await api.mutate(DeleteModelMutation, { id, dryRun })).deleteModel;
      if (report.deleted) dropDeleted(report);
      return report;
    },
    async removeUnused(dryRun: boolean): Promise<DeletionReport> {
      const report = (await api.mutate(DeleteUnusedModelsMutation, { dryRun })).deleteUnusedModels;
      if (report.deleted) dropDeleted(report);
      return report;
    },
  };

  function dropDeleted(report: DeletionReport) {
    report.models.forEach((m) => fold(foldModelEvent, { kind: "DELETED", modelId: m.id, model: null }));
  }
}
