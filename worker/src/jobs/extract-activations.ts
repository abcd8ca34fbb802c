/**
 * extract-activations: QUEUED → INITIALIZING → EXTRACTING → COMPLETED. The extraction writes into
 * a working folder under the job's scratch space and renames it into activations/extraction_{id}/
 * only when whole. The scratch space survives a crashed worker (same job id, same tempDir), so a
 * recovered job runs the extraction again and it resumes after the last completed batch. The
 * extraction itself runs in a process of its own (extraction-process.ts).
 */
import type { ArchitectureRecord, HookType, ResolvedExtractionConfig } from "../../../contracts/src/index.ts";
import { runExtractionProcess } from "../extraction/index.ts";
import type { JobHandler } from "../runtime/registry.ts";

export const extractActivations: JobHandler<"extract-activations"> = {
  entity: "extraction",
  entityId: (data) => data.extractionId,
  async run(ctx) {
    const { extractionId } = ctx.data;
    const extraction = ctx.extraction(extractionId);
    const status = await extraction.status();
    if (status === "COMPLETED" || status === "CANCELLED" || status === "ERROR") {
      ctx.log.info({ extractionId, status }, "nothing to extract");
      return;
    }
    const recovered = status !== "QUEUED";
    if (!recovered) await extraction.transition("INITIALIZING", { statusMessage: null });
    const row = await ctx.deps.db.extraction.findUniqueOrThrow({ where: { id: extractionId }, include: { model: true } });
    const { model } = row;
    const architecture = model.architecture as unknown as ArchitectureRecord;
    const config: ResolvedExtractionConfig = {
      layers: row.layers,
      hooks: row.hookTypes as HookType[],
      maxSamples: row.maxSamples,
      batchSize: row.batchSize,
      sequenceLength: row.sequenceLength,
      topK: row.topK,
      storageDType: row.storageDType === "float16" ? "float16" : "float32",
    };
    await extraction.transition("EXTRACTING", { statusMessage: recovered ? "Resuming after an interruption." : null });
    const result = await runExtractionProcess({
      // The conversion names the variant folder after the format it built, which the row records.
      variantDir: ctx.deps.paths.quantizedModel(model.id, model.format),
      modelInfo: {
        modelId: model.id,
        repoId: model.repoId,
        revision: model.revision,
        format: model.format,
        architecture: architecture.modelType,
        numLayers: architecture.numLayers,
        hiddenSize: architecture.hiddenSize,
        maxPositions: architecture.maxPositions,
      },
      datasetId: row.datasetId,
      datasetDir: ctx.deps.paths.dataset(row.datasetId),
      config,
      outDir: ctx.deps.paths.activations(extractionId),
      tempDir: await ctx.tempDir(),
      signal: ctx.signal,
      onProgress: (progress) => {
        void extraction.progress(progress).catch((error: Error) => ctx.log.warn({ extractionId, err: error.message }, "progress not recorded"));
      },
    });
    await extraction.progress({ percent: 100, etaSeconds: 0 }, true);
    await extraction.transition("COMPLETED", {
      files: result.files as object[],
      statistics: result.statistics as object,
      // The calibration record rides with the metrics: the API's extractionPlan reads past runs'
      // throughput of this model variant from there.
      metrics: { ...result.metrics, calibration: result.calibration } as object,
      statusMessage: null,
      completedAt: new Date(),
    });
    ctx.log.info({ extractionId, files: result.files.length, resumedFromSample: result.metrics.resumedFromSample }, "extraction completed");
  },
};
