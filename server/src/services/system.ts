import { readFile } from "node:fs/promises";
import { totalmem } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AppServices } from "../context.ts";
import { diskSpace } from "../lib/disk.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

async function versions(): Promise<Record<string, string>> {
  const pkg = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string> };
  const deps = pkg.dependencies;
  return {
    api: pkg.version,
    node: process.versions.node,
    graphqlYoga: deps["graphql-yoga"],
    prisma: deps["@prisma/client"],
    bullmq: deps.bullmq,
    onnxruntime: deps["onnxruntime-node"],
  };
}

export async function systemInfo(app: AppServices) {
  const [disk, queues, versionTable] = await Promise.all([diskSpace(app.config.dataDir), app.queues.depths(), versions()]);
  return {
    freeDiskBytes: disk.free,
    totalDiskBytes: disk.total,
    deviceBudgetBytes: app.config.deviceMemoryBudgetBytes,
    memoryTotalBytes: totalmem(),
    queues,
    versions: versionTable,
    dataDir: app.config.dataDir,
  };
}
