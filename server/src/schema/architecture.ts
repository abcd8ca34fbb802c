import type { ArchitectureLayerRecord, ArchitectureRecord, FidelityRecord } from "../../../contracts/src/index.ts";
import { builder } from "../builder.ts";
import { HookTypeEnum } from "./enums.ts";

export const ArchitectureLayerRef = builder.objectRef<ArchitectureLayerRecord>("ArchitectureLayer").implement({
  fields: (t) => ({
    index: t.exposeInt("index"),
    kind: t.exposeString("kind", { description: "Embedding | TransformerBlock | FinalNorm | OutputHead" }),
    name: t.exposeString("name"),
    parameterCount: t.field({ type: "BigInt", resolve: (l) => BigInt(l.parameterCount) }),
    attention: t.exposeString("attention", { nullable: true }),
    mlp: t.exposeString("mlp", { nullable: true }),
  }),
});

export const ArchitectureRef = builder.objectRef<ArchitectureRecord>("Architecture").implement({
  fields: (t) => ({
    modelType: t.exposeString("modelType"),
    architectures: t.exposeStringList("architectures"),
    supported: t.exposeBoolean("supported"),
    numLayers: t.exposeInt("numLayers"),
    hiddenSize: t.exposeInt("hiddenSize"),
    numHeads: t.exposeInt("numHeads"),
    numKvHeads: t.exposeInt("numKvHeads"),
    headDim: t.exposeInt("headDim"),
    intermediateSize: t.exposeInt("intermediateSize"),
    vocabSize: t.exposeInt("vocabSize"),
    maxPositions: t.exposeInt("maxPositions"),
    activation: t.exposeString("activation"),
    normType: t.exposeString("normType"),
    normEpsilon: t.exposeFloat("normEpsilon"),
    ropeTheta: t.exposeFloat("ropeTheta", { nullable: true }),
    rotaryDim: t.exposeInt("rotaryDim", { nullable: true }),
    parallelResidual: t.exposeBoolean("parallelResidual"),
    tiedEmbeddings: t.exposeBoolean("tiedEmbeddings"),
    parameterCount: t.field({ type: "BigInt", resolve: (a) => BigInt(a.parameterCount) }),
    layers: t.field({ type: [ArchitectureLayerRef], resolve: (a) => a.layers }),
    config: t.field({ type: "JSON", resolve: (a) => a.config }),
  }),
});

type FidelityEntry = FidelityRecord["entries"][number];
const FidelityEntryRef = builder.objectRef<FidelityEntry>("FidelityEntry").implement({
  fields: (t) => ({
    layer: t.exposeInt("layer"),
    hook: t.field({ type: HookTypeEnum, resolve: (e) => e.hook }),
    relativeError: t.exposeFloat("relativeError"),
    cosineSimilarity: t.exposeFloat("cosineSimilarity"),
    maxAbsError: t.exposeFloat("maxAbsError"),
  }),
});

export const FidelityReportRef = builder.objectRef<FidelityRecord>("FidelityReport").implement({
  fields: (t) => ({
    probeTokens: t.exposeInt("probeTokens"),
    entries: t.field({ type: [FidelityEntryRef], resolve: (f) => f.entries }),
  }),
});
