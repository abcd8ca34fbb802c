/** Datasets slice: list, imports (file upload with progress, or a Hub repo), live status, delete. */
import { createMemo, createSignal } from "solid-js";
import { createStore, produce, reconcile } from "solid-js/store";
import type { Api } from "../api/api.ts";
import { DatasetProgressSubscription, DatasetsQuery, DeleteDatasetMutation, ImportDatasetMutation } from "../api/documents.ts";
import type { DatasetItemFragment, DatasetProgressSubscription as DatasetProgressData, ImportDatasetInput } from "../gql/graphql.ts";
import { subscribeWhileActive } from "../lib/live.ts";

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
  const downloadingIds = createMemo(() => list().filter((d) => d.status === "DOWNLOADING").map((d) => d.id), undefined, {
    equals: (a, b) => a.join() === b.join(),
  });
  const add = (dataset: Dataset) => setById(dataset.id, dataset);

  return {
    list,
    percentById,
    uploadProgress,
    async load() {
      const { datasets } = await api.query(DatasetsQuery, {});
      setById(reconcile(Object.fromEntries(datasets.map((d) => [d.id, d]))));
    },
    live() {
      subscribeWhileActive(downloadingIds, (id) =>
        api.subscribe(DatasetProgressSubscription, { id }, ({ datasetProgress }) => {
          const next = foldDatasetProgress(byId[id], datasetProgress);
          if (next) setById(id, reconcile(next));
          setPercentById(id, datasetProgress.percent);
        }),
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
