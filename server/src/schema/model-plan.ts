import type { ModelPlanRecord } from "../../../contracts/src/index.ts";
import { builder } from "../builder.ts";
import { validAccessToken, validRepoId } from "../lib/validation.ts";
import { FitVerdictEnum, QuantizationFormatEnum } from "./enums.ts";

type FormatPlan = ModelPlanRecord["formats"][number];
type PlanFile = ModelPlanRecord["files"][number];
const big = (value: number) => BigInt(Math.round(value));

const FormatPlanRef = builder.objectRef<FormatPlan>("FormatPlan").implement({
  fields: (t) => ({
    format: t.field({ type: QuantizationFormatEnum, resolve: (p) => p.format }),
    diskBytes: t.field({ type: "BigInt", resolve: (p) => big(p.diskBytes) }),
    memoryBytes: t.field({ type: "BigInt", resolve: (p) => big(p.memoryBytes) }),
    bitsPerWeight: t.exposeFloat("bitsPerWeight"),
    breakdown: t.field({ type: "JSON", resolve: (p) => p.breakdown }),
    fit: t.field({ type: FitVerdictEnum, resolve: (p) => p.fit }),
    recommended: t.exposeBoolean("recommended"),
  }),
});

const PlanFileRef = builder.objectRef<PlanFile>("PlanFile").implement({
  fields: (t) => ({
    path: t.exposeString("path"),
    size: t.field({ type: "BigInt", resolve: (f) => big(f.size) }),
    sha256: t.exposeString("sha256", { nullable: true }),
  }),
});

const ModelPlanRef = builder.objectRef<ModelPlanRecord>("ModelPlan").implement({
  fields: (t) => ({
    repoId: t.exposeString("repoId"),
    revision: t.exposeString("revision"),
    architecture: t.exposeString("architecture", { nullable: true }),
    supported: t.exposeBoolean("supported"),
    unsupportedReason: t.exposeString("unsupportedReason", { nullable: true }),
    files: t.field({ type: [PlanFileRef], resolve: (p) => p.files }),
    downloadBytes: t.field({ type: "BigInt", resolve: (p) => big(p.downloadBytes) }),
    parameterCount: t.field({ type: "BigInt", resolve: (p) => big(p.parameterCount) }),
    parametersByDType: t.field({ type: "JSON", resolve: (p) => p.parametersByDType }),
    formats: t.field({ type: [FormatPlanRef], resolve: (p) => p.formats }),
    deviceBudgetBytes: t.field({ type: "BigInt", resolve: (p) => big(p.deviceBudgetBytes) }),
    freeDiskBytes: t.field({ type: "BigInt", resolve: (p) => big(p.freeDiskBytes) }),
    requiredDiskBytes: t.field({ type: "BigInt", resolve: (p) => big(p.requiredDiskBytes) }),
    warnings: t.exposeStringList("warnings"),
  }),
});

builder.queryField("modelPlan", (t) =>
  t.field({
    type: ModelPlanRef,
    description: "What each format would cost, read from the Hub before downloading.",
    args: { repoId: t.arg.string({ required: true }), accessToken: t.arg.string(), revision: t.arg.string() },
    resolve: (_, args, ctx) =>
      ctx.planModel({
        repoId: validRepoId(args.repoId, "repoId"),
        revision: args.revision?.trim() || "main",
        accessToken: validAccessToken(args.accessToken, "accessToken") ?? ctx.config.hfToken,
        hubUrl: ctx.config.hfEndpoint,
        deviceBudgetBytes: ctx.config.deviceMemoryBudgetBytes,
        dataDir: ctx.config.dataDir,
      }),
  }),
);
