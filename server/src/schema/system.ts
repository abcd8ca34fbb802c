import { builder } from "../builder.ts";
import { systemInfo } from "../services/system.ts";

type Info = Awaited<ReturnType<typeof systemInfo>>;

const QueueDepthRef = builder.objectRef<Info["queues"][number]>("QueueDepth").implement({
  fields: (t) => ({
    queue: t.exposeString("queue"),
    waiting: t.exposeInt("waiting"),
    active: t.exposeInt("active"),
    delayed: t.exposeInt("delayed"),
    failed: t.exposeInt("failed"),
  }),
});

const SystemInfoRef = builder.objectRef<Info>("SystemInfo").implement({
  fields: (t) => ({
    freeDiskBytes: t.field({ type: "BigInt", resolve: (s) => BigInt(s.freeDiskBytes) }),
    totalDiskBytes: t.field({ type: "BigInt", resolve: (s) => BigInt(s.totalDiskBytes) }),
    deviceBudgetBytes: t.field({ type: "BigInt", resolve: (s) => BigInt(s.deviceBudgetBytes) }),
    memoryTotalBytes: t.field({ type: "BigInt", resolve: (s) => BigInt(s.memoryTotalBytes) }),
    queues: t.field({ type: [QueueDepthRef], resolve: (s) => s.queues }),
    versions: t.field({ type: "JSON", resolve: (s) => s.versions }),
    dataDir: t.exposeString("dataDir"),
  }),
});

builder.queryField("system", (t) => t.field({ type: SystemInfoRef, resolve: (_, __, ctx) => systemInfo(ctx) }));
