/** config.json + safetensors headers → the ArchitectureRecord stored on the model (engine code). */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { CodedError, type ArchitectureRecord } from "../../../../contracts/src/index.ts";
import { inspectArchitecture } from "../../engine/inspect/index.ts";
import { openCheckpoint } from "../../engine/safetensors/checkpoint.ts";

export async function describeCheckpoint(rawDir: string): Promise<ArchitectureRecord> {
  const configText = await readFile(path.join(rawDir, "config.json"), "utf8").catch(() => {
    throw new CodedError("INCOMPATIBLE", "The repository has no config.json.");
  });
  const checkpoint = await openCheckpoint(rawDir);
  try {
    return inspectArchitecture(JSON.parse(configText), [...checkpoint.tensors.values()]);
  } finally {
    await checkpoint.close();
  }
}
