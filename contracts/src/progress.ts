/**
 * Progress events: published by workers on Redis pub/sub, fanned out by the server over
 * graphql-ws. Channels follow graphql-yoga's redis-event-target (`<topic>:<id>`, JSON payload), so
 * a worker publishes with a plain PUBLISH and needs nothing from the server.
 */
import type { ExtractionStatus, ModelStatus, DatasetStatus } from "./status.ts";

export const TOPICS = {
  modelProgress: "modelProgress",
  extractionProgress: "extractionProgress",
  datasetProgress: "datasetProgress",
  /** One channel for all model list changes; the id part is the constant below. */
  modelEvents: "modelEvents",
} as const;
export const MODEL_EVENTS_ID = "all";

/** Channel name on Redis for a topic and id (prefix isolates deployments and test files). */
export const channelName = (prefix: string, topic: string, id: string) => `${prefix}:${topic}:${id}`;

/** CPU/memory sample taken about once a second while an engine job runs (GPU fields with a CUDA EP). */
export interface ResourceSample {
  at: string;
  cpuPercent: number;
  rssBytes: number;
  gpuPercent?: number;
  gpuMemoryBytes?: number;
}

export type ModelPhase = "download" | "conversion" | "validation";

export interface ModelProgressEvent {
  modelId: string;
  status: ModelStatus;
  phase: ModelPhase | null;
  /** 0..100 within the phase. */
  percent: number;
  bytesDone: number | null;
  bytesTotal: number | null;
  /** Moving average, bytes per second (download) or tensors' bytes per second (conversion). */
  speed: number | null;
  etaSeconds: number | null;
  currentFile: string | null;
  message: string | null;
  errorCode: string | null;
  resources: ResourceSample | null;
  at: string;
}

export interface ExtractionProgressEvent {
  extractionId: string;
  status: ExtractionStatus;
  percent: number;
  samplesDone: number;
  samplesTotal: number;
  tokensPerSecond: number | null;
  etaSeconds: number | null;
  batchSize: number | null;
  message: string | null;
  errorCode: string | null;
  resources: ResourceSample | null;
  at: string;
}

export interface DatasetProgressEvent {
  datasetId: string;
  status: DatasetStatus;
  percent: number;
  bytesDone: number | null;
  bytesTotal: number | null;
  message: string | null;
  errorCode: string | null;
  at: string;
}

export type ModelEventKind = "CREATED" | "UPDATED" | "DELETED";
export interface ModelListEvent {
  kind: ModelEventKind;
  modelId: string;
  at: string;
}
