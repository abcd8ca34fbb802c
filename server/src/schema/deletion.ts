import { builder } from "../builder.ts";
import * as deletion from "../services/deletion.ts";
import { QuantizationFormatEnum } from "./enums.ts";

const DeletedModelRef = builder.objectRef<deletion.DeletedModelReport>("DeletedModel").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    format: t.field({ type: QuantizationFormatEnum, resolve: (m) => m.format }),
    bytes: t.field({ type: "BigInt", resolve: (m) => BigInt(m.bytes) }),
    paths: t.exposeStringList("paths", { description: "Relative to DATA_DIR." }),
    extractionCount: t.exposeInt("extractionCount"),
  }),
});

const DeletionReportRef = builder.objectRef<deletion.DeletionReport>("DeletionReport").implement({
  fields: (t) => ({
    dryRun: t.exposeBoolean("dryRun"),
    deleted: t.exposeBoolean("deleted"),
    blocked: t.exposeBoolean("blocked"),
    blockedReasons: t.exposeStringList("blockedReasons"),
    models: t.field({ type: [DeletedModelRef], resolve: (r) => r.models }),
    bytesFreed: t.field({ type: "BigInt", resolve: (r) => BigInt(r.bytesFreed) }),
  }),
});

builder.mutationFields((t) => ({
  deleteModel: t.field({
    type: DeletionReportRef,
    description: "Deletes the model, its variants (for a source), files and extraction rows; dryRun only reports.",
    args: { id: t.arg.id({ required: true }), dryRun: t.arg.boolean() },
    resolve: (_, { id, dryRun }, ctx) => deletion.deleteModel(ctx, String(id), dryRun ?? false),
  }),
  deleteUnusedModels: t.field({
    type: DeletionReportRef,
    description: "Deletes every model no extraction references; dryRun only reports.",
    args: { dryRun: t.arg.boolean() },
    resolve: (_, { dryRun }, ctx) => deletion.deleteUnusedModels(ctx, dryRun ?? false),
  }),
}));
