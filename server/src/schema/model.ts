import { TOPICS, MODEL_EVENTS_ID, type ModelListEvent, type ModelProgressEvent, type ArchitectureRecord, type FidelityRecord } from "../../../contracts/src/index.ts";
import { builder } from "../builder.ts";
import { queryFromInfo } from "@pothos/plugin-prisma";
import type { Model, Prisma } from "../generated/prisma/client.ts";
import { currentThenLive } from "../services/live.ts";
import * as models from "../services/models.ts";
import { modelStateEvent } from "../services/progress-state.ts";
import { ArchitectureRef, FidelityReportRef } from "./architecture.ts";
import { ModelEventKindEnum, ModelStatusEnum, QuantizationFormatEnum } from "./enums.ts";
import { optionalBigInt, ResourceSampleRef } from "./resources.ts";

export const ModelProgressRef = builder.objectRef<ModelProgressEvent>("ModelProgress").implement({
  fields: (t) => ({
    phase: t.exposeString("phase", { nullable: true, description: "download | conversion | validation" }),
    percent: t.exposeFloat("percent"),
    bytesDone: t.field({ type: "BigInt", nullable: true, resolve: (p) => optionalBigInt(p.bytesDone) }),
    bytesTotal: t.field({ type: "BigInt", nullable: true, resolve: (p) => optionalBigInt(p.bytesTotal) }),
    speed: t.exposeFloat("speed", { nullable: true }),
    etaSeconds: t.exposeFloat("etaSeconds", { nullable: true }),
    currentFile: t.exposeString("currentFile", { nullable: true }),
    message: t.exposeString("message", { nullable: true }),
    resources: t.field({ type: ResourceSampleRef, nullable: true, resolve: (p) => p.resources }),
    at: t.field({ type: "DateTime", resolve: (p) => p.at }),
  }),
});

// Select mode: each field loads only the columns it needs, so a list never drags the large JSON
// columns (architecture, fidelity) along unless a client asks for them.
export const ModelRef = builder.prismaObject("Model", {
  select: { id: true },
  fields: (t) => ({
    id: t.exposeID("id"),
    repoId: t.exposeString("repoId"),
    name: t.exposeString("name"),
    revision: t.exposeString("revision", { nullable: true }),
    format: t.expose("format", { type: QuantizationFormatEnum, description: "Format actually built (after any fallback)." }),
    requestedFormat: t.expose("requestedFormat", { type: QuantizationFormatEnum }),
    fallbackReason: t.exposeString("fallbackReason", { nullable: true }),
    status: t.expose("status", { type: ModelStatusEnum }),
    statusMessage: t.exposeString("statusMessage", { nullable: true }),
    errorCode: t.exposeString("errorCode", { nullable: true }),
    progress: t.field({
      type: ModelProgressRef,
      nullable: true,
      select: { progress: true, status: true, errorCode: true, statusMessage: true, updatedAt: true },
      resolve: (m) => (m.progress ? modelStateEvent(m) : null),
    }),
    architecture: t.field({
      type: ArchitectureRef,
      nullable: true,
      select: { architecture: true },
      resolve: (m) => m.architecture as unknown as ArchitectureRecord | null,
    }),
    architectureName: t.exposeString("architectureName", { nullable: true, description: "config.json model_type, e.g. llama" }),
    parameterCount: t.expose("parameterCount", { type: "BigInt", nullable: true }),
    rawBytes: t.expose("rawBytes", { type: "BigInt", nullable: true, description: "Raw checkpoint (source models only)." }),
    variantBytes: t.expose("variantBytes", { type: "BigInt", nullable: true, description: "This variant's ONNX files." }),
    diskBytes: t.field({
      type: "BigInt",
      nullable: true,
      description: "Raw checkpoint (when this row owns it) + this variant's ONNX files.",
      select: { rawBytes: true, variantBytes: true },
      resolve: (m) => (m.rawBytes === null && m.variantBytes === null ? null : (m.rawBytes ?? 0n) + (m.variantBytes ?? 0n)),
    }),
    estimatedMemoryBytes: t.expose("estimatedMemoryBytes", { type: "BigInt", nullable: true }),
    measuredMemoryBytes: t.expose("measuredMemoryBytes", { type: "BigInt", nullable: true }),
    sourceModel: t.relation("sourceModel", { nullable: true }),
    variants: t.relation("variants", { query: { orderBy: { createdAt: "asc" } } }),
    fidelity: t.field({ type: FidelityReportRef, nullable: true, select: { fidelity: true }, resolve: (m) => m.fidelity as unknown as FidelityRecord | null }),
    quantizationConfig: t.expose("quantizationConfig", { type: "JSON", nullable: true }),
    extractionCount: t.relationCount("extractions"),
    jobId: t.exposeString("jobId", { nullable: true, description: "BullMQ id of the job working on this model now." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

const PageInfoRef = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>("PageInfo").implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean("hasNextPage"),
    hasPreviousPage: t.boolean({ resolve: () => false }),
    startCursor: t.string({ nullable: true, resolve: () => null }),
    endCursor: t.exposeString("endCursor", { nullable: true }),
  }),
});

type EdgeRow = Pick<Model, "id" | "createdAt">;

const ModelEdgeRef = builder.objectRef<EdgeRow>("ModelEdge").implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (m) => models.encodeCursor(m) }),
    node: t.field({ type: ModelRef, resolve: (m) => m }),
  }),
});

interface ModelPage {
  edges: EdgeRow[];
  hasNextPage: boolean;
  /** Started beside the page query when the selection asks for it (one round trip, not two). */
  total: Promise<number> | null;
  where: Awaited<ReturnType<typeof models.modelWhere>>;
}

const ModelConnectionRef = builder.objectRef<ModelPage>("ModelConnection").implement({
  fields: (t) => ({
    edges: t.field({ type: [ModelEdgeRef], resolve: (page) => page.edges }),
    pageInfo: t.field({
      type: PageInfoRef,
      resolve: (page) => ({ hasNextPage: page.hasNextPage, endCursor: page.edges.length ? models.encodeCursor(page.edges.at(-1)!) : null }),
    }),
    // Counted only when asked for.
    totalCount: t.int({ resolve: (page, _, ctx) => page.total ?? ctx.db.model.count({ where: page.where }) }),
  }),
});

const JobReceiptRef = builder.objectRef<{ jobId: string; model: Model }>("JobReceipt").implement({
  description: "A job was queued; the mutation returned without waiting for it.",
  fields: (t) => ({
    jobId: t.exposeID("jobId"),
    model: t.field({ type: ModelRef, resolve: (r) => r.model }),
  }),
});

const ModelProgressEventRef = builder.objectRef<ModelProgressEvent>("ModelProgressEvent").implement({
  fields: (t) => ({
    modelId: t.exposeID("modelId"),
    status: t.field({ type: ModelStatusEnum, resolve: (e) => e.status }),
    progress: t.field({ type: ModelProgressRef, resolve: (e) => e }),
    errorCode: t.exposeString("errorCode", { nullable: true }),
    model: t.prismaField({ type: "Model", nullable: true, resolve: (query, e, _, ctx) => ctx.db.model.findUnique({ ...query, where: { id: e.modelId } }) }),
  }),
});

const ModelListEventRef = builder.objectRef<ModelListEvent>("ModelListEvent").implement({
  fields: (t) => ({
    kind: t.field({ type: ModelEventKindEnum, resolve: (e) => e.kind }),
    modelId: t.exposeID("modelId"),
    at: t.field({ type: "DateTime", resolve: (e) => e.at }),
    model: t.prismaField({
      type: "Model",
      nullable: true,
      description: "Null once deleted.",
      resolve: (query, e, _, ctx) => ctx.db.model.findUnique({ ...query, where: { id: e.modelId } }),
    }),
  }),
});

const DownloadModelInput = builder.inputType("DownloadModelInput", {
  fields: (t) => ({
    repoId: t.string({ required: true }),
    quantization: t.string({ required: true, description: "FP32, FP16, Q8, Q4 or Q2, in any case." }),
    accessToken: t.string({ description: "Hub token for gated repos; kept only for the life of the job." }),
    revision: t.string({ description: "Branch, tag or commit (default main)." }),
  }),
});

builder.queryFields((t) => ({
  models: t.field({
    type: ModelConnectionRef,
    args: {
      first: t.arg.int(),
      after: t.arg.string(),
      status: t.arg({ type: ModelStatusEnum }),
      architecture: t.arg.string(),
      search: t.arg.string(),
    },
    resolve: async (_, args, ctx, info) => {
      const first = Math.min(Math.max(args.first ?? 20, 0), 200);
      const where = await models.modelWhere(ctx, args);
      // The columns the client asked for under edges.node, plus what the cursor needs.
      const query = queryFromInfo({ context: ctx, info, typeName: "Model", path: ["edges", "node"] }) as { select?: Prisma.ModelSelect };
      const wantsTotal = info.fieldNodes.some((node) => node.selectionSet?.selections.some((field) => field.kind === "Field" && field.name.value === "totalCount"));
      const total = wantsTotal ? ctx.db.model.count({ where }) : null;
      total?.catch(() => undefined); // awaited by totalCount; never an unhandled rejection if the page query fails
      const rows = await ctx.db.model.findMany({
        select: { ...query.select, id: true, createdAt: true },
        where: args.after ? { AND: [where, models.cursorWhere(args.after)] } : where,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: first + 1,
      });
      return { edges: rows.slice(0, first), hasNextPage: rows.length > first, total, where };
    },
  }),
  model: t.prismaField({
    type: "Model",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _, { id }, ctx) => (models.isUuid(String(id)) ? ctx.db.model.findUnique({ ...query, where: { id: String(id) } }) : null),
  }),
}));

builder.mutationFields((t) => ({
  downloadModel: t.field({
    type: JobReceiptRef,
    args: { input: t.arg({ type: DownloadModelInput, required: true }) },
    resolve: (_, { input }, ctx) => models.downloadModel(ctx, input),
  }),
  retryModelDownload: t.field({
    type: JobReceiptRef,
    args: { id: t.arg.id({ required: true }), accessToken: t.arg.string() },
    resolve: (_, args, ctx) => models.retryModel(ctx, String(args.id), args.accessToken),
  }),
  cancelModelJob: t.field({
    type: ModelRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, args, ctx) => models.cancelModelJob(ctx, String(args.id)),
  }),
  requantizeModel: t.field({
    type: JobReceiptRef,
    args: { id: t.arg.id({ required: true }), quantization: t.arg.string({ required: true }) },
    resolve: (_, args, ctx) => models.requantizeModel(ctx, String(args.id), args.quantization),
  }),
}));

builder.subscriptionFields((t) => ({
  modelProgress: t.field({
    type: ModelProgressEventRef,
    description: "The model's current state first, then every progress event.",
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_, args, ctx) => {
      const model = await models.findModel(ctx, String(args.id));
      return currentThenLive(ctx.pubsub.subscribe(TOPICS.modelProgress, model.id), async () => modelStateEvent(await models.findModel(ctx, model.id)));
    },
    resolve: (event) => event,
  }),
  modelEvents: t.field({
    type: ModelListEventRef,
    description: "Models created, updated (status changes) and deleted.",
    subscribe: (_, __, ctx) => ctx.pubsub.subscribe(TOPICS.modelEvents, MODEL_EVENTS_ID),
    resolve: (event) => event,
  }),
}));
