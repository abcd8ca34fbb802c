/** Datasets slice: list, imports (file upload with progress, or a Hub repo), live status, delete. */
import { createSubscription } from "@urql/solid";
import { createMemo, createSignal } from "solid-js";
import { createStore, produce, reconcile } from "solid-js/store";
import type { Api } from "../api/api.ts";
import { DatasetProgressSubscription, DatasetsQuery, DeleteDatasetMutation, ImportDatasetMutation } from "../api/documents.ts";
import type { DatasetItemFragment, DatasetProgressSubscription as DatasetProgressData, DatasetProgressSubscriptionVariables, ImportDatasetInput } from "../gql/graphql.ts";
import { forEachId } from "../lib/live.ts";

export type Dataset = DatasetItemFragment;
export type DatasetProgressEvent = DatasetProgressData["datasetProgress"];

export function foldDatasetProgress(prev: Dataset | undefined, event: DatasetProgressEvent): Dataset | undefined {
  const base = event.dataset ?? prev;
  return base && { ...base, status: event.status, statusMessage: event.message ?? base.statusMessage };
}

export function createDatasets(api: Api) {
  const [byId, setById] = createStore<Record<string, Dataset>>({});
  const [percentById, setPercentById] = createStore<Record<string, number>>({});
  /** Fraction (0..1) of the file sent, while an upload is on its way; null otherwise. */
  const [uploadProgress, setUploadProgress] = createSignal<number | null>(null);
  const list = createMemo(() => Object.values(byId).sort((x, y) => y.createdAt.localeCompare(x.createdAt)));
  const ids = createMemo(() => Object.keys(byId));
  const add = (dataset: Dataset) => setById(dataset.id, dataset);

  return {
    list,
    percentById,
    uploadProgress,
    async load() {
      const { datasets } = await api.query(DatasetsQuery, {});
      setById(reconcile(Object.fromEntries(datasets.map((d) => [d.id, d]))));
    },
    /** Folds each dataset's progress stream into the store while it downloads (see models.live). */
    live() {
      forEachId(
        ids,
        (id) => byId[id]?.status === "DOWNLOADING",
        (id, paused) =>
          createSubscription<DatasetProgressData, void, DatasetProgressSubscriptionVariables>(
            { query: DatasetProgressSubscription, variables: { id }, pause: paused },
            (_, { datasetProgress }) => {
              const next = foldDatasetProgress(byId[id], datasetProgress);
              if (next) setById(id, reconcile(next));
              setPercentById(id, datasetProgress.percent);
            },
          ),
      );
    },
    async importFile(file: File, fields: Omit<ImportDatasetInput, "file">) {
      setUploadProgress(0);
      try {
        const { importDataset } = await api.upload(ImportDatasetMutation, { input: { ...fields, file: null } }, { "input.file": file }, setUploadProgress);
        add(importDataset);
        return importDataset;
      } finally {
        setUploadProgress(null);
      }
    },
    async importFromHub(input: Omit<ImportDatasetInput, "file">) {
      const { importDataset } = await api.mutate(ImportDatasetMutation, { input });
      add(importDataset);
      return importDataset;
    },
    async remove(id: string) {
      await api.mutate(DeleteDatasetMutation, { id });
      setById(produce((all) => delete all[id]));
    },
  };
}
