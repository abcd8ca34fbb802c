/**
 * convert-model: LOADING (describe the checkpoint) → QUANTIZING (build the variant under
 * models/quantized/{id}_{format}/) → READY. Unsupported architectures end INCOMPATIBLE.
 */
import { rm } from "node:fs/promises";
import { CodedError } from "../../../contracts/src/index.ts";
import type { JobHandler } from "../runtime/registry.ts";
import { convertCheckpoint } from "./steps/convert-checkpoint.provisional.ts";
import { describeCheckpoint } from "./steps/describe-checkpoint.ts";
import { etaSeconds, SpeedMeter } from "./speed.ts";

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
    const outDir = ctx.deps.paths.quantizedModel(modelId, format);
    await rm(outDir, { recursive: true, force: true }); // a crashed earlier attempt's output
    const speed = new SpeedMeter();
    const result = await convertCheckpoint({
      rawDir,
      outDir,
      format,
      tempDir: await ctx.tempDir(),
      revision: row.revision ?? undefined,
      signal: ctx.signal,
      onProgress: (p) => {
        const perSecond = speed.sample(p.bytesDone);
        void model
          .progress({ phase: p.phase, percent: p.percent, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, currentFile: p.currentTensor, speed: perSecond, etaSeconds: etaSeconds(p.bytesTotal - p.bytesDone, perSecond) })
          .catch((error: Error) => ctx.log.warn({ modelId, err: error.message }, "progress not recorded"));
      },
    });
    await model.progress({ phase: "conversion", percent: 100, etaSeconds: 0 }, true);
    await model.transition("READY", {
      format: result.format,
      fallbackReason: result.fallbackReason,
      variantBytes: BigInt(result.diskBytes),
      fidelity: result.fidelity ? (result.fidelity as object) : undefined,
      measuredMemoryBytes: result.validation ? BigInt(result.validation.residentBytes) : undefined,
      jobId: null,
      statusMessage: null,
    });
    ctx.log.info({ modelId, format: result.format, bytes: result.diskBytes }, "model ready");
  },
};
