import type { ArchitectureRecord } from "../../../contracts/src/index.ts";
import { compareArchitectures } from "../../../worker/src/engine/inspect/index.ts";
import { builder } from "../builder.ts";
import type { Model } from "../generated/prisma/client.ts";
import { findModel } from "../services/models.ts";
import { ModelRef } from "./model.ts";

interface Difference {
  field: string;
  a: string | null;
  b: string | null;
}

/** The format, then the architecture fields the engine compares (the per-layer table is left to the UI). */
function differences(a: Model, b: Model): Difference[] {
  const show = (value: string | number | boolean | null) => (value === null ? null : String(value));
  const architectures = compareArchitectures(a.architecture as ArchitectureRecord | null, b.architecture as ArchitectureRecord | null);
  const rows: Difference[] = [{ field: "format", a: a.format, b: b.format }, ...architectures.map((d) => ({ field: d.field, a: show(d.a), b: show(d.b) }))];
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
