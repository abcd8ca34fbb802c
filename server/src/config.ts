/**
 * Every environment variable the server and the workers read, parsed once. Nothing else in the
 * code reads process.env for configuration.
 */
import path from "node:path";

export interface Config {
  port: number;
  /** API processes sharing PORT (node:cluster); progress reaches every one through Redis. */
  apiProcesses: number;
  /** Unset: the server (or `npm start`) runs an embedded PGlite under DATA_DIR. */
  databaseUrl: string | undefined;
  /** Unset: 127.0.0.1:6379, else a local redis-server started by `npm start`. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel (BullMQ and pub/sub), so deployments can share a Redis. */
  redisPrefix: string;
  dataDir: string;
  /** When set, every /graphql request and WebSocket connection must carry it. */
  apiToken: string | undefined;
  /** The one browser origin allowed by CORS; unset: same-origin only. */
  webOrigin: string | undefined;
  hfEndpoint: string;
  /** Server-wide Hub token used when a request carries none (never logged). */
  hfToken: string | undefined;
  deviceMemoryBudgetBytes: number;
  downloadRateLimitPerHour: number;
  logLevel: string;
  /** BullMQ lock/stalled-check period; lower it in tests to recover a killed worker quickly. */
  workerLockMs: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

const blankToUndefined = (value: string | undefined) => (value === undefined || value === "" ? undefined : value);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: integer(env, "PORT", 4000),
    apiProcesses: Math.max(1, integer(env, "API_PROCESSES", 1)),
    databaseUrl: blankToUndefined(env.DATABASE_URL),
    redisUrl: blankToUndefined(env.REDIS_URL),
    redisPrefix: env.REDIS_PREFIX || "mistudio",
    dataDir: path.resolve(env.DATA_DIR || "./data"),
    apiToken: blankToUndefined(env.API_TOKEN),
    webOrigin: blankToUndefined(env.WEB_ORIGIN),
    hfEndpoint: (env.HF_ENDPOINT || "https://huggingface.co").replace(/\/+$/, ""),
    hfToken: blankToUndefined(env.HF_TOKEN),
    deviceMemoryBudgetBytes: integer(env, "DEVICE_MEMORY_BUDGET_BYTES", 6 * 1024 ** 3),
    downloadRateLimitPerHour: integer(env, "DOWNLOAD_RATE_LIMIT_PER_HOUR", 10),
    logLevel: env.LOG_LEVEL || "info",
    workerLockMs: integer(env, "WORKER_LOCK_MS", 30_000),
  };
}

/** The seed's layout under DATA_DIR; every path the product writes comes from here, never from input. */
export const dataPaths = (dataDir: string) => ({
  rawModel: (modelId: string) => path.join(dataDir, "models", "raw", modelId),
  quantizedModel: (modelId: string, format: string) => path.join(dataDir, "models", "quantized", `${modelId}_${format}`),
  activations: (extractionId: string) => path.join(dataDir, "activations", `extraction_${extractionId}`),
  dataset: (datasetId: string) => path.join(dataDir, "datasets", datasetId),
  temp: (name: string) => path.join(dataDir, "temp", name),
  embeddedDb: path.join(dataDir, "pglite"),
  redis: path.join(dataDir, "redis"),
});
export type DataPaths = ReturnType<typeof dataPaths>;
