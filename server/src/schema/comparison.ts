import type { ArchitectureRecord } from "../../../contracts/src/index.ts";
import { builder } from "../builder.ts";
import type { Model } from "../generated/prisma/client.ts";
import { findModel } from "../services/models.ts";
import { ModelRef } from "./model.ts";

interface Difference {
  field: string;
  a: string | null;
  b: string | null;
}

// Fields a researcher compares across models; the per-layer table is left to the UI.
const COMPARED: ReadonlyArray<keyof ArchitectureRecord> = [
  "modelType", "numLayers", "hiddenSize", "numHeads", "numKvHeads", "headDim", "intermediateSize", "vocabSize",
  "maxPositions", "activation", "normType", "normEpsilon", "ropeTheta", "rotaryDim", "parallelResidual", "tiedEmbeddings", "parameterCount",
];

function differences(a: Model, b: Model): Difference[] {
  const show = (value: unknown) => (value === null || value === undefined ? null : String(value));
  const archA = (a.architecture ?? {}) as Partial<ArchitectureRecord>;
  const archB = (b.architecture ?? {}) as Partial<ArchitectureRecord>;
  const rows: Difference[] = [{ field: "format", a: a.format, b: b.format }, ...COMPARED.map((field) => ({ field, a: show(archA[field]), b: show(archB[field]) }))];
  return rows.filter((row) => row.a !== row.b);
}

const DifferenceRef = builder.objectRef<Difference>("ArchitectureDifference").implement({
  fields: (t) => ({
    field: t.exposeString("field"),
    a: t.exposeString("a", { nullable: true }),
    b: t.exposeString("b", { nullable: true }),
  }),
});

const ComparisonRef = builder.objectRef<{ a: Model; b: Model }>("ModelComparison").implement({
  fields: (t) => ({
    a: t.field({ type: ModelRef, resolve: (c) => c.a }),
    b: t.field({ type: ModelRef, resolve: (c) => c.b }),
    differences: t.field({ type: [DifferenceRef], resolve: (c) => differences(c.a, c.b) }),
  }),
});

builder.queryField("compareModels", (t) =>
  t.field({
    type: ComparisonRef,
    args: { a: t.arg.id({ required: true }), b: t.arg.id({ required: true }) },
    resolve: async (_, args, ctx) => ({ a: await findModel(ctx, String(args.a)), b: await findModel(ctx, String(args.b)) }),
  }),
);
