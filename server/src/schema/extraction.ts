import { TOPICS, type ExtractionFileRecord, type ExtractionProgressEvent } from "../../../contracts/src/index.ts";
import { builder } from "../builder.ts";
import * as extractions from "../services/extractions.ts";
import { currentThenLive } from "../services/live.ts";
import { extractionStateEvent } from "../services/progress-state.ts";
import { ExtractionStatusEnum, HookTypeEnum } from "./enums.ts";
import { ResourceSampleRef } from "./resources.ts";

const ExtractionProgressRef = builder.objectRef<ExtractionProgressEvent>("ExtractionProgress").implement({
  fields: (t) => ({
    percent: t.exposeFloat("percent"),
    samplesDone: t.exposeInt("samplesDone"),
    samplesTotal: t.exposeInt("samplesTotal"),
    tokensPerSecond: t.exposeFloat("tokensPerSecond", { nullable: true }),
    etaSeconds: t.exposeFloat("etaSeconds", { nullable: true }),
    batchSize: t.exposeInt("batchSize", { nullable: true }),
    message: t.exposeString("message", { nullable: true }),
    resources: t.field({ type: ResourceSampleRef, nullable: true, resolve: (p) => p.resources }),
    at: t.field({ type: "DateTime", resolve: (p) => p.at }),
  }),
});

const ExtractionFileRef = builder.objectRef<ExtractionFileRecord>("ExtractionFile").implement({
  fields: (t) => ({
    name: t.exposeString("name"),
    shape: t.exposeIntList("shape"),
    dtype: t.exposeString("dtype"),
    bytes: t.field({ type: "BigInt", resolve: (f) => BigInt(f.bytes) }),
    sha256: t.exposeString("sha256", { nullable: true }),
  }),
});

export const ExtractionRef = builder.prismaObject("Extraction", {
  fields: (t) => ({
    id: t.exposeID("id"),
    model: t.relation("model"),
    dataset: t.relation("dataset"),
    status: t.expose("status", { type: ExtractionStatusEnum }),
    statusMessage: t.exposeString("statusMessage", { nullable: true }),
    errorCode: t.exposeString("errorCode", { nullable: true }),
    layers: t.exposeIntList("layers"),
    hookTypes: t.expose("hookTypes", { type: [HookTypeEnum] }),
    maxSamples: t.exposeInt("maxSamples", { nullable: true }),
    batchSize: t.exposeInt("batchSize"),
    sequenceLength: t.exposeInt("sequenceLength"),
    topK: t.exposeInt("topK"),
    storageDType: t.exposeString("storageDType"),
    config: t.expose("config", { type: "JSON" }),
    progress: t.field({ type: ExtractionProgressRef, nullable: true, resolve: (e) => (e.progress ? extractionStateEvent(e) : null) }),
    outputPath: t.string({
      nullable: true,
      description: "Folder of the .npy files, relative to DATA_DIR.",
      resolve: (e) => (e.status === "COMPLETED" ? `activations/extraction_${e.id}` : null),
    }),
    files: t.field({ type: [ExtractionFileRef], resolve: (e) => (e.files ?? []) as unknown as ExtractionFileRecord[] }),
    statistics: t.expose("statistics", { type: "JSON", nullable: true }),
    metrics: t.expose("metrics", { type: "JSON", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    completedAt: t.expose("completedAt", { type: "DateTime", nullable: true }),
  }),
});

const ExtractionProgressEventRef = builder.objectRef<ExtractionProgressEvent>("ExtractionProgressEvent").implement({
  fields: (t) => ({
    extractionId: t.exposeID("extractionId"),
    status: t.field({ type: ExtractionStatusEnum, resolve: (e) => e.status }),
    progress: t.field({ type: ExtractionProgressRef, resolve: (e) => e }),
    errorCode: t.exposeString("errorCode", { nullable: true }),
    extraction: t.prismaField({
      type: "Extraction",
      nullable: true,
      resolve: (query, e, _, ctx) => ctx.db.extraction.findUnique({ ...query, where: { id: e.extractionId } }),
    }),
  }),
});

export const LayerSelectionInput = builder.inputType("LayerSelectionInput", {
  description: "Exactly one of: an explicit list, every Nth layer from 0, or the last N % of layers.",
  fields: (t) => ({
    explicit: t.intList(),
    every: t.int(),
    lastPercent: t.float(),
  }),
});

const ExtractionInputRef = builder.inputType("ExtractionInput", {
  fields: (t) => ({
    modelId: t.id({ required: true }),
    datasetId: t.id({ required: true }),
    layers: t.intList({ description: "Explicit layers (or use layerSelection / templateId)." }),
    layerSelection: t.field({ type: LayerSelectionInput }),
    hookTypes: t.field({ type: [HookTypeEnum] }),
    maxSamples: t.int(),
    batchSize: t.int({ description: "Power of 2 in 1..512 (default 32)." }),
    sequenceLength: t.int({ description: "Default 128." }),
    topK: t.int({ description: "10..1000 (default 100)." }),
    storageDType: t.string({ description: "float32 | float16" }),
    templateId: t.id({ description: "Fills the fields left unset." }),
  }),
});

const toInput = (input: typeof ExtractionInputRef.$inferInput): extractions.ExtractionInput => ({
  ...input,
  modelId: String(input.modelId),
  datasetId: String(input.datasetId),
  templateId: input.templateId === null || input.templateId === undefined ? null : String(input.templateId),
});

const ExtractionPlanRef = builder.objectRef<Awaited<ReturnType<typeof extractions.extractionPlan>>>("ExtractionPlan").implement({
  fields: (t) => ({
    storageBytes: t.field({ type: "BigInt", resolve: (p) => BigInt(Math.round(p.storageBytes)) }),
    estimatedSeconds: t.exposeFloat("estimatedSeconds"),
    estimateSource: t.exposeString("estimateSource", { description: "calibrated | first-run" }),
    freeDiskBytes: t.field({ type: "BigInt", resolve: (p) => BigInt(p.freeDiskBytes) }),
    samples: t.exposeInt("samples"),
    layers: t.exposeIntList("layers"),
    warnings: t.exposeStringList("warnings"),
  }),
});

builder.queryFields((t) => ({
  extractions: t.prismaField({
    type: ["Extraction"],
    args: { modelId: t.arg.id(), status: t.arg({ type: ExtractionStatusEnum }) },
    resolve: (query, _, args, ctx) =>
      ctx.db.extraction.findMany({
        ...query,
        where: { ...(args.modelId ? { modelId: String(args.modelId) } : {}), ...(args.status ? { status: args.status } : {}) },
        orderBy: { createdAt: "desc" },
      }),
  }),
  extraction: t.prismaField({
    type: "Extraction",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _, { id }, ctx) => (/^[0-9a-f-]{36}$/i.test(String(id)) ? ctx.db.extraction.findUnique({ ...query, where: { id: String(id) } }) : null),
  }),
  extractionPlan: t.field({
    type: ExtractionPlanRef,
    args: { input: t.arg({ type: ExtractionInputRef, required: true }) },
    resolve: (_, { input }, ctx) => extractions.extractionPlan(ctx, toInput(input)),
  }),
}));

builder.mutationFields((t) => ({
  startExtraction: t.field({
    type: ExtractionRef,
    args: { input: t.arg({ type: ExtractionInputRef, required: true }) },
    resolve: (_, { input }, ctx) => extractions.startExtraction(ctx, toInput(input)),
  }),
  cancelExtraction: t.field({
    type: ExtractionRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => extractions.cancelExtraction(ctx, String(id)),
  }),
}));

builder.subscriptionField("extractionProgress", (t) =>
  t.field({
    type: ExtractionProgressEventRef,
    description: "The extraction's current state first, then every progress event.",
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_, { id }, ctx) => {
      const extraction = await extractions.findExtraction(ctx, String(id));
      return currentThenLive(ctx.pubsub.subscribe(TOPICS.extractionProgress, extraction.id), async () =>
        extractionStateEvent(await extractions.findExtraction(ctx, extraction.id)),
      );
    },
    resolve: (event) => event,
  }),
);
