/**
 * convert-model: LOADING (describe the checkpoint) → QUANTIZING (build the variant) → READY.
 * Unsupported architectures end INCOMPATIBLE. The variant folder is named after the format
 * actually built (models/quantized/{id}_{format}/, format as stored on the row), which differs
 * from the requested one after a fallback; extractions find it from the row alone.
 */
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { CodedError } from "../../../contracts/src/index.ts";
import { convertCheckpoint } from "../engine/convert/index.ts";
import type { JobHandler } from "../runtime/registry.ts";
import { describeCheckpoint } from "./steps/describe-checkpoint.ts";

export const convertModel: JobHandler<"convert-model"> = {
  entity: "model",
  entityId: (data) => data.modelId,
  async run(ctx) {
    const { modelId, sourceModelId, format } = ctx.data;
    const model = ctx.model(modelId);
    const status = await model.status();
    // READY: a recovered job whose work is done. ERROR/INCOMPATIBLE: cancelled or failed meanwhile.
    if (status !== "LOADING" && status !== "QUANTIZING") {
      ctx.log.info({ modelId, status }, "nothing to convert");
      return;
    }
    const rawDir = ctx.deps.paths.rawModel(sourceModelId);
    const row = await ctx.deps.db.model.findUniqueOrThrow({ where: { id: modelId } });
    if (!row.architecture) {
      const architecture = await describeCheckpoint(rawDir);
      await ctx.deps.db.model.update({
        where: { id: modelId },
        data: { architecture: architecture as object, architectureName: architecture.modelType, parameterCount: BigInt(architecture.parameterCount) },
      });
      if (!architecture.supported) {
        if (status !== "LOADING") throw new CodedError("INCOMPATIBLE", `${architecture.modelType} models cannot be converted.`);
        await model.transition("INCOMPATIBLE", { statusMessage: `${architecture.modelType} is not a supported architecture.` });
        return;
      }
    }
    await model.transition("QUANTIZING", { statusMessage: null });
    // Built in the job's scratch folder (same filesystem), renamed into place when whole. A
    // recovered job starts the build over: its predecessor's half-built folder is removed first.
    const scratch = await ctx.tempDir();
    const building = path.join(scratch, "variant");
    await rm(building, { recursive: true, force: true });
    const result = await convertCheckpoint({
      rawDir,
      outDir: building,
      format,
      tempDir: scratch,
      revision: row.revision ?? undefined,
      signal: ctx.signal,
      onProgress: (p) => {
        void model
          .progress({ phase: p.phase, percent: p.percent, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, currentFile: p.currentTensor, speed: p.speed, etaSeconds: p.etaSeconds, message: p.message })
          .catch((error: Error) => ctx.log.warn({ modelId, err: error.message }, "progress not recorded"));
      },
    });
    const variantDir = ctx.deps.paths.quantizedModel(modelId, result.format);
    await mkdir(path.dirname(variantDir), { recursive: true });
    await rm(variantDir, { recursive: true, force: true }); // an earlier attempt that crashed after its rename
    await rename(building, variantDir);
    await model.progress({ phase: "validation", percent: 100, etaSeconds: 0 }, true);
    await model.transition("READY", {
      format: result.format,
      fallbackReason: result.fallbackReason,
      variantBytes: BigInt(result.diskBytes),
      fidelity: result.fidelity ? (result.fidelity as object) : undefined,
      quantizationConfig: result.quantizationConfig as object,
      measuredMemoryBytes: BigInt(result.validation.residentBytes),
      jobId: null,
      statusMessage: null,
    });
    ctx.log.info({ modelId, format: result.format, bytes: result.diskBytes }, "model ready");
  },
};
