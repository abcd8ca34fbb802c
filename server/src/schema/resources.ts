import type { ResourceSample } from "../../../contracts/src/index.ts";
import { builder } from "../builder.ts";

export const ResourceSampleRef = builder.objectRef<ResourceSample>("ResourceSample").implement({
  description: "CPU/memory sample taken about once a second while an engine job runs.",
  fields: (t) => ({
    at: t.field({ type: "DateTime", resolve: (s) => s.at }),
    cpuPercent: t.exposeFloat("cpuPercent"),
    rssBytes: t.field({ type: "BigInt", resolve: (s) => BigInt(Math.round(s.rssBytes)) }),
    gpuPercent: t.exposeFloat("gpuPercent", { nullable: true }),
    gpuMemoryBytes: t.field({ type: "BigInt", nullable: true, resolve: (s) => (s.gpuMemoryBytes === undefined ? null : BigInt(Math.round(s.gpuMemoryBytes))) }),
  }),
});

export const optionalBigInt = (value: number | null | undefined) => (value === null || value === undefined ? null : BigInt(Math.round(value)));
