/**
 * A READY model as the download and convert jobs leave it, without the queue: the fixture
 * checkpoint converted by the real converter into DATA_DIR and its row written. For tests about
 * what comes after a model is ready (extractions); the jobs themselves are tested end to end in
 * test/api/pipeline.test.ts.
 */
import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import type { QuantizationFormat } from "../../contracts/src/index.ts";
import { dataPaths } from "../../server/src/config.ts";
import { convertCheckpoint } from "../../worker/src/engine/convert/index.ts";
import { describeCheckpoint } from "../../worker/src/jobs/steps/describe-checkpoint.ts";
import { connect } from "./db.ts";
import { fixtureModelDir, type FixtureArch } from "./fixtures.ts";
import type { TestEnv } from "./test-env.ts";

export async function readyFixtureModel(env: TestEnv, arch: FixtureArch, format: QuantizationFormat): Promise<string> {
  const id = randomUUID();
  const paths = dataPaths(env.dataDir);
  const rawDir = fixtureModelDir(arch);
  await mkdir(paths.temp(id), { recursive: true });
  const architecture = await describeCheckpoint(rawDir);
  // Fidelity is the conversion tests' business; skipping it saves a child process here.
  const result = await convertCheckpoint({ rawDir, outDir: paths.quantizedModel(id, format), format, tempDir: paths.temp(id), measureFidelity: false });
  if (result.format !== format) throw new Error(`${arch} ${format} fell back to ${result.format}: ${result.fallbackReason}`);
  const { db } = await connect(env.databaseUrl);
  try {
    await db.model.create({
      data: {
        id,
        repoId: `mistudio-test/${arch}`,
        name: arch,
        requestedFormat: format,
        format,
        status: "READY",
        architecture: architecture as object,
        architectureName: architecture.modelType,
        parameterCount: BigInt(architecture.parameterCount),
        rawBytes: 0n,
        variantBytes: BigInt(result.diskBytes),
        quantizationConfig: result.quantizationConfig as object,
      },
    });
  } finally {
    await db.$disconnect();
  }
  return id;
}
