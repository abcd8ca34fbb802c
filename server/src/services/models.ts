/** Model rules: listing and search, downloads, retries, cancellation, re-quantization. */
import {
  assertModelTransition,
  CodedError,
  isCodedError,
  MODEL_BUSY_STATUSES,
  TOPICS,
  MODEL_EVENTS_ID,
  type ModelEventKind,
  type ModelStatus,
  type QuantizationFormat,
} from "../../../contracts/src/index.ts";
import type { AppServices } from "../context.ts";
import { Prisma, type Model } from "../generated/prisma/client.ts";
import { validAccessToken, validFormat, validRepoId } from "../lib/validation.ts";
import { assertStorageFits } from "../../../worker/src/hub/plan-model.ts";
import { takeDownloadSlot } from "./rate-limit.ts";

export interface ModelFilter {
  status?: ModelStatus | null;
  architecture?: string | null;
  search?: string | null;
}

export async function findModel(app: AppServices, id: string): Promise<Model> {
  const model = isUuid(id) ? await app.db.model.findUnique({ where: { id } }) : null;
  if (!model) throw new CodedError("NOT_FOUND", "No model with this id.", "id");
  return model;
}

export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/**
 * Search terms become prefix matches ("lla" finds llama) over the GIN-indexed expression in the
 * init migration; anything but letters, digits and _ is a separator, so input cannot inject
 * tsquery syntax.
 */
export async function searchModelIds(app: AppServices, search: string): Promise<string[] | null> {
  const terms = search.toLowerCase().split(/[^a-z0-9_]+/).filter(Boolean);
  if (terms.length === 0) return null;
  const query = terms.map((term) => `${term}:*`).join(" & ");
  const rows = await app.db.$queryRaw<Array<{ id: string }>>`
    SELECT id::text FROM "Model"
    WHERE to_tsvector('simple', "name" || ' ' || "repoId" || ' ' || coalesce("architectureName", '')) @@ to_tsquery('simple', ${query})`;
  return rows.map((row) => row.id);
}

export async function modelWhere(app: AppServices, filter: ModelFilter): Promise<Prisma.ModelWhereInput> {
  const where: Prisma.ModelWhereInput = {};
  if (filter.status) where.status = filter.status;
  if (filter.architecture) where.architectureName = { equals: filter.architecture, mode: "insensitive" };
  if (filter.search) {
    const ids = await searchModelIds(app, filter.search);
    if (ids) where.id = { in: ids };
  }
  return where;
}

// ------------------------------------------------------------------ cursors (createdAt desc, id desc)

export const encodeCursor = (model: Pick<Model, "id" | "createdAt">) =>
  Buffer.from(JSON.stringify([model.createdAt.toISOString(), model.id])).toString("base64url");

export function cursorWhere(cursor: string): Prisma.ModelWhereInput {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString()) as [string, string];
    const at = new Date(createdAt);
    if (Number.isNaN(at.getTime()) || !isUuid(id)) throw new Error("bad cursor");
    return { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }] };
  } catch {
    throw new CodedError("BAD_USER_INPUT", "This cursor was not issued by the models query.", "after");
  }
}

// ------------------------------------------------------------------ events

export function publishModelEvent(app: AppServices, kind: ModelEventKind, modelId: string): void {
  app.pubsub.publish(TOPICS.modelEvents, MODEL_EVENTS_ID, { kind, modelId, at: new Date().toISOString() });
}

/** Status writes from the API go through the contracts state machine, like the workers'. */
export async function transitionModel(app: AppServices, model: Model, to: ModelStatus, data: Prisma.ModelUpdateInput = {}): Promise<Model> {
  assertModelTransition(model.status, to);
  const updated = await app.db.model.update({ where: { id: model.id, status: model.status }, data: { ...data, status: to } }).catch(() => {
    throw new CodedError("CONFLICT", "The model changed while this request ran; try again.", "id");
  });
  publishModelEvent(app, "UPDATED", model.id);
  return updated;
}

// ------------------------------------------------------------------ downloads

export interface DownloadInput {
  repoId: string;
  quantization: string;
  accessToken?: string | null;
  revision?: string | null;
}

export async function downloadModel(app: AppServices, input: DownloadInput) {
  const repoId = validRepoId(input.repoId, "input.repoId");
  const format = validFormat(input.quantization, "input.quantization");
  const token = validAccessToken(input.accessToken, "input.accessToken") ?? app.config.hfToken;
  const revision = input.revision?.trim() || "main";
  if (!/^[A-Za-z0-9._\/-]{1,200}$/.test(revision)) throw new CodedError("BAD_USER_INPUT", "A revision is a branch, tag or commit sha.", "input.revision");
  // Ask the Hub first: a missing, gated or too-large repo is refused here, with its code, instead
  // of failing later in a job. The job downloads the commit this plan pinned.
  const plan = await app
    .planModel({ repoId, revision, accessToken: token, hubUrl: app.config.hfEndpoint, deviceBudgetBytes: app.config.deviceMemoryBudgetBytes, dataDir: app.config.dataDir, targetFormat: format })
    .catch((error: unknown) => {
      throw underInput(error);
    });
  assertStorageFits(plan);
  await takeDownloadSlot(app.redis, app.config.redisPrefix, app.config.downloadRateLimitPerHour);
  const model = await app.db.model.create({
    data: { repoId, name: repoId.split("/")[1], requestedFormat: format, format, status: "DOWNLOADING", revision: null, architectureName: plan.architecture },
  });
  const jobId = await app.queues.enqueue("download-model", { modelId: model.id, repoId, revision: plan.revision, format }, token);
  const updated = await app.db.model.update({ where: { id: model.id }, data: { jobId } });
  publishModelEvent(app, "CREATED", model.id);
  app.log.info({ modelId: model.id, jobId, operation: "downloadModel", repoId, format }, "download queued");
  return { jobId, model: updated };
}

/** Hub errors name the plan's argument ("repoId", "revision", "accessToken"); this mutation's live under `input`. */
function underInput(error: unknown): unknown {
  return isCodedError(error) && error.field ? new CodedError(error.code, error.message, `input.${error.field}`, error.details) : error;
}

/** ERROR → DOWNLOADING when the raw checkpoint is missing, ERROR → QUANTIZING when it is whole. */
export async function retryModel(app: AppServices, id: string, accessToken?: string | null) {
  const model = await findModel(app, id);
  const token = validAccessToken(accessToken, "accessToken") ?? app.config.hfToken;
  if (model.status !== "ERROR") throw new CodedError("INVALID_TRANSITION", `Only a model in ERROR can be retried; this one is ${model.status}.`, "id");
  const rawWhole = model.sourceModelId !== null || model.rawBytes !== null;
  const reset = { errorCode: null, statusMessage: null, progress: Prisma.DbNull };
  if (rawWhole) {
    const moved = await transitionModel(app, model, "QUANTIZING", reset);
    const jobId = await app.queues.enqueue("convert-model", { modelId: model.id, sourceModelId: model.sourceModelId ?? model.id, format: model.requestedFormat });
    return { jobId, model: await app.db.model.update({ where: { id: moved.id }, data: { jobId } }) };
  }
  await takeDownloadSlot(app.redis, app.config.redisPrefix, app.config.downloadRateLimitPerHour);
  const moved = await transitionModel(app, model, "DOWNLOADING", reset);
  const jobId = await app.queues.enqueue(
    "download-model",
    { modelId: model.id, repoId: model.repoId, revision: model.revision ?? "main", format: model.requestedFormat },
    token,
  );
  return { jobId, model: await app.db.model.update({ where: { id: moved.id }, data: { jobId } }) };
}

/**
 * A queued job is removed and the model goes to ERROR (code CANCELLED) at once; a running job is
 * signalled and its worker writes the final state after cleaning up.
 */
export async function cancelModelJob(app: AppServices, id: string): Promise<Model> {
  const model = await findModel(app, id);
  if (!MODEL_BUSY_STATUSES.includes(model.status) || !model.jobId) {
    throw new CodedError("INVALID_TRANSITION", `Nothing runs for this model (it is ${model.status}).`, "id");
  }
  const jobName = model.status === "DOWNLOADING" ? "download-model" : "convert-model";
  const outcome = await app.queues.cancel(jobName, model.jobId, "cancelled by user");
  app.log.info({ modelId: id, jobId: model.jobId, operation: "cancelModelJob", outcome }, "cancel requested");
  if (outcome === "signalled") return model;
  return transitionModel(app, model, "ERROR", { errorCode: "CANCELLED", statusMessage: "Cancelled before it started.", jobId: null });
}

/** A re-quantization is a new variant row pointing at the model that owns the raw checkpoint. */
export async function requantizeModel(app: AppServices, id: string, quantization: string) {
  const model = await findModel(app, id);
  const format: QuantizationFormat = validFormat(quantization, "quantization");
  const source = model.sourceModelId ? await findModel(app, model.sourceModelId) : model;
  if (source.rawBytes === null || !["READY", "ERROR"].includes(source.status) || !source.architecture) {
    throw new CodedError("CONFLICT", "The raw checkpoint is not complete yet; wait until the model is READY.", "id");
  }
  if (source.architecture && (source.architecture as { supported?: boolean }).supported === false) {
    throw new CodedError("INCOMPATIBLE", "This architecture cannot be converted.", "id");
  }
  const existing = await app.db.model.findFirst({
    where: { OR: [{ id: source.id }, { sourceModelId: source.id }], requestedFormat: format, status: { not: "ERROR" } },
  });
  if (existing) throw new CodedError("CONFLICT", `A ${format} variant of this model already exists (${existing.id}).`, "quantization", { modelId: existing.id });
  const variant = await app.db.model.create({
    data: {
      repoId: source.repoId,
      name: source.name,
      revision: source.revision,
      requestedFormat: format,
      format,
      status: "LOADING",
      architecture: source.architecture ?? undefined,
      architectureName: source.architectureName,
      parameterCount: source.parameterCount,
      sourceModelId: source.id,
    },
  });
  const jobId = await app.queues.enqueue("convert-model", { modelId: variant.id, sourceModelId: source.id, format });
  const updated = await app.db.model.update({ where: { id: variant.id }, data: { jobId } });
  publishModelEvent(app, "CREATED", variant.id);
  app.log.info({ modelId: variant.id, sourceModelId: source.id, jobId, operation: "requantizeModel", format }, "conversion queued");
  return { jobId, model: updated };
}
