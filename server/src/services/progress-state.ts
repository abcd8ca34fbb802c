/** Progress events rebuilt from a row: the first event of every subscription. */
import type { DatasetProgressEvent, ExtractionProgressEvent, ModelProgressEvent } from "../../../contracts/src/index.ts";
import type { Dataset, Extraction, Model } from "../generated/prisma/client.ts";

export function modelStateEvent(model: Pick<Model, "id" | "progress" | "status" | "errorCode" | "statusMessage" | "updatedAt">): ModelProgressEvent {
  const last = (model.progress ?? null) as ModelProgressEvent | null;
  return {
    modelId: model.id,
    phase: null,
    percent: model.status === "READY" ? 100 : 0,
    bytesDone: null,
    bytesTotal: null,
    speed: null,
    etaSeconds: null,
    currentFile: null,
    message: model.statusMessage,
    resources: null,
    ...last,
    // The row's status and error win over the last event: a cancel or failure may follow it.
    status: model.status,
    errorCode: model.errorCode,
    at: last?.at ?? model.updatedAt.toISOString(),
  };
}

export function extractionStateEvent(extraction: Extraction): ExtractionProgressEvent {
  const last = (extraction.progress ?? null) as ExtractionProgressEvent | null;
  return {
    extractionId: extraction.id,
    percent: extraction.status === "COMPLETED" ? 100 : 0,
    samplesDone: 0,
    samplesTotal: 0,
    tokensPerSecond: null,
    etaSeconds: null,
    batchSize: extraction.batchSize,
    message: extraction.statusMessage,
    resources: null,
    ...last,
    status: extraction.status,
    errorCode: extraction.errorCode,
    at: last?.at ?? extraction.updatedAt.toISOString(),
  };
}

export function datasetStateEvent(dataset: Dataset): DatasetProgressEvent {
  const last = (dataset.progress ?? null) as DatasetProgressEvent | null;
  return {
    datasetId: dataset.id,
    percent: dataset.status === "READY" ? 100 : 0,
    bytesDone: null,
    bytesTotal: dataset.bytes === null ? null : Number(dataset.bytes),
    message: dataset.statusMessage,
    ...last,
    status: dataset.status,
    errorCode: dataset.errorCode,
    at: last?.at ?? dataset.updatedAt.toISOString(),
  };
}
