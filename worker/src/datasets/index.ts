/** What job handlers and the API use from datasets. */
export { importDatasetFile, importDatasetFiles, PREVIEW_ROWS, type ImportDatasetFileOptions, type ImportProgress, type ImportResult } from "./import.ts";
export { importHubDataset, pickSplitFiles, createHubDatasetClient, type HubDatasetClient, type HubDatasetClientOptions, type HubDatasetFile, type HubDatasetSnapshot, type HubDatasetDownload, type ImportHubDatasetOptions, type ImportHubDatasetResult } from "./hub-dataset.ts";
export { readDatasetManifest, readSamples, SAMPLES_FILE, MANIFEST_FILE, type DatasetManifest, type DatasetSource } from "./store.ts";
export { formatOf, DATASET_FORMATS, type DatasetFormat } from "./readers.ts";
