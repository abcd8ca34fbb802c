import { TOPICS, type DatasetProgressEvent } from "../../../contracts/src/index.ts";
import { builder } from "../builder.ts";
import * as datasets from "../services/datasets.ts";
import { currentThenLive } from "../services/live.ts";
import { datasetStateEvent } from "../services/progress-state.ts";
import { optionalBigInt } from "./resources.ts";
import { DatasetStatusEnum } from "./enums.ts";

export const DatasetRef = builder.prismaObject("Dataset", {
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    source: t.exposeString("source", { description: "upload | hub" }),
    repoId: t.exposeString("repoId", { nullable: true }),
    config: t.exposeString("config", { nullable: true }),
    split: t.exposeString("split", { nullable: true }),
    textField: t.exposeString("textField", { nullable: true }),
    status: t.expose("status", { type: DatasetStatusEnum }),
    statusMessage: t.exposeString("statusMessage", { nullable: true }),
    errorCode: t.exposeString("errorCode", { nullable: true }),
    sampleCount: t.exposeInt("sampleCount", { nullable: true }),
    bytes: t.expose("bytes", { type: "BigInt", nullable: true }),
    preview: t.exposeStringList("preview"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const DatasetProgressEventRef = builder.objectRef<DatasetProgressEvent>("DatasetProgressEvent").implement({
  fields: (t) => ({
    datasetId: t.exposeID("datasetId"),
    status: t.field({ type: DatasetStatusEnum, resolve: (e) => e.status }),
    percent: t.exposeFloat("percent"),
    bytesDone: t.field({ type: "BigInt", nullable: true, resolve: (e) => optionalBigInt(e.bytesDone) }),
    bytesTotal: t.field({ type: "BigInt", nullable: true, resolve: (e) => optionalBigInt(e.bytesTotal) }),
    message: t.exposeString("message", { nullable: true }),
    errorCode: t.exposeString("errorCode", { nullable: true }),
    at: t.field({ type: "DateTime", resolve: (e) => e.at }),
    dataset: t.prismaField({ type: "Dataset", nullable: true, resolve: (query, e, _, ctx) => ctx.db.dataset.findUnique({ ...query, where: { id: e.datasetId } }) }),
  }),
});

const ImportDatasetInputRef = builder.inputType("ImportDatasetInput", {
  fields: (t) => ({
    name: t.string(),
    file: t.field({ type: "File", description: ".txt / .jsonl / .json / .csv / .parquet" }),
    repoId: t.string({ description: "Hub dataset repository (instead of a file)." }),
    config: t.string(),
    split: t.string(),
    textField: t.string(),
    accessToken: t.string(),
  }),
});

builder.queryFields((t) => ({
  datasets: t.prismaField({
    type: ["Dataset"],
    resolve: (query, _, __, ctx) => ctx.db.dataset.findMany({ ...query, orderBy: { createdAt: "desc" } }),
  }),
  dataset: t.prismaField({
    type: "Dataset",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _, { id }, ctx) => (/^[0-9a-f-]{36}$/i.test(String(id)) ? ctx.db.dataset.findUnique({ ...query, where: { id: String(id) } }) : null),
  }),
}));

builder.mutationFields((t) => ({
  importDataset: t.field({
    type: DatasetRef,
    args: { input: t.arg({ type: ImportDatasetInputRef, required: true }) },
    resolve: (_, { input }, ctx) => datasets.importDataset(ctx, input),
  }),
  deleteDataset: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => datasets.deleteDataset(ctx, String(id)),
  }),
}));

builder.subscriptionField("datasetProgress", (t) =>
  t.field({
    type: DatasetProgressEventRef,
    description: "The dataset's current state first, then every import progress event.",
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_, { id }, ctx) => {
      const dataset = await datasets.findDataset(ctx, String(id));
      return currentThenLive(ctx.pubsub.subscribe(TOPICS.datasetProgress, dataset.id), async () => datasetStateEvent(await datasets.findDataset(ctx, dataset.id)));
    },
    resolve: (event) => event,
  }),
);
