import { builder } from "../builder.ts";
import * as templates from "../services/templates.ts";
import { HookTypeEnum } from "./enums.ts";
import { LayerSelectionInput } from "./extraction.ts";

export const ExtractionTemplateRef = builder.prismaObject("ExtractionTemplate", {
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    description: t.exposeString("description", { nullable: true }),
    layerSelection: t.expose("layerSelection", { type: "JSON", description: "{explicit:[..]} | {every:n} | {lastPercent:p}" }),
    hookTypes: t.expose("hookTypes", { type: [HookTypeEnum] }),
    maxSamples: t.exposeInt("maxSamples", { nullable: true }),
    batchSize: t.exposeInt("batchSize"),
    sequenceLength: t.exposeInt("sequenceLength"),
    topK: t.exposeInt("topK"),
    storageDType: t.exposeString("storageDType"),
    isFavorite: t.exposeBoolean("isFavorite"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

const TemplateInputRef = builder.inputType("ExtractionTemplateInput", {
  fields: (t) => ({
    name: t.string({ description: "1..255 characters; generated when omitted." }),
    description: t.string({ description: "At most 500 characters." }),
    layerSelection: t.field({ type: LayerSelectionInput, required: true }),
    hookTypes: t.field({ type: [HookTypeEnum], required: true }),
    maxSamples: t.int(),
    batchSize: t.int(),
    sequenceLength: t.int(),
    topK: t.int(),
    storageDType: t.string(),
  }),
});

const SkipRef = builder.objectRef<{ index: number; name: string | null; reason: string }>("TemplateImportSkip").implement({
  fields: (t) => ({
    index: t.exposeInt("index"),
    name: t.exposeString("name", { nullable: true }),
    reason: t.exposeString("reason"),
  }),
});

const ImportResultRef = builder.objectRef<Awaited<ReturnType<typeof templates.importTemplates>>>("TemplateImportResult").implement({
  fields: (t) => ({
    imported: t.field({ type: [ExtractionTemplateRef], resolve: (r) => r.imported }),
    skipped: t.field({ type: [SkipRef], resolve: (r) => r.skipped }),
  }),
});

builder.queryField("extractionTemplates", (t) =>
  t.field({
    type: [ExtractionTemplateRef],
    description: "Favorites first, then most recently updated.",
    resolve: (_, __, ctx) => templates.listTemplates(ctx),
  }),
);

builder.mutationFields((t) => ({
  createExtractionTemplate: t.field({
    type: ExtractionTemplateRef,
    args: { input: t.arg({ type: TemplateInputRef, required: true }) },
    resolve: (_, { input }, ctx) => templates.createTemplate(ctx, input),
  }),
  updateExtractionTemplate: t.field({
    type: ExtractionTemplateRef,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: TemplateInputRef, required: true }) },
    resolve: (_, { id, input }, ctx) => templates.updateTemplate(ctx, String(id), input),
  }),
  deleteExtractionTemplate: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => templates.deleteTemplate(ctx, String(id)),
  }),
  setExtractionTemplateFavorite: t.field({
    type: ExtractionTemplateRef,
    args: { id: t.arg.id({ required: true }), isFavorite: t.arg.boolean({ required: true }) },
    resolve: (_, { id, isFavorite }, ctx) => templates.setFavorite(ctx, String(id), isFavorite),
  }),
  exportTemplates: t.field({
    type: "JSON",
    description: "{version: 1, exportedAt, templates: [...]}; all templates when ids is omitted.",
    args: { ids: t.arg.idList() },
    resolve: (_, { ids }, ctx) => templates.exportTemplates(ctx, ids?.map(String)),
  }),
  importTemplates: t.field({
    type: ImportResultRef,
    description: "Invalid entries are skipped and reported; taken names get _2, _3.",
    args: { document: t.arg({ type: "JSON", required: true }) },
    resolve: (_, { document }, ctx) => templates.importTemplates(ctx, document),
  }),
}));
