/**
 * extract-activations: QUEUED → INITIALIZING → EXTRACTING (files into a scratch folder) →
 * COMPLETED, the folder renamed into activations/extraction_{id}/ only when whole.
 */
import type { ArchitectureRecord, HookType, ResolvedExtractionConfig } from "../../../contracts/src/index.ts";
import type { JobHandler } from "../runtime/registry.ts";
import { runExtraction } from "./steps/run-extraction.provisional.ts";

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
    // A recovered (stalled) job starts over from QUEUED: its scratch output is discarded.
    if (status !== "QUEUED") await extraction.transition("QUEUED", { statusMessage: "Restarting after an interruption." });
    await extraction.transition("INITIALIZING", { statusMessage: null });
    const row = await ctx.deps.db.extraction.findUniqueOrThrow({ where: { id: extractionId }, include: { model: true, dataset: true } });
    const architecture = row.model.architecture as unknown as ArchitectureRecord;
    const config: ResolvedExtractionConfig = {
      layers: row.layers,
      hooks: row.hookTypes as HookType[],
      maxSamples: row.maxSamples,
      batchSize: row.batchSize,
      sequenceLength: row.sequenceLength,
      topK: row.topK,
      storageDType: row.storageDType === "float16" ? "float16" : "float32",
    };
    await extraction.transition("EXTRACTING");
    const result = await runExtraction({
      config,
      hiddenSize: architecture.hiddenSize,
      sampleCount: row.dataset.sampleCount ?? 0,
      outDir: ctx.deps.paths.activations(extractionId),
      tempDir: await ctx.tempDir(),
      signal: ctx.signal,
      onProgress: ({ samplesDone, samplesTotal, tokensPerSecond }) => {
        void extraction
          .progress({ samplesDone, samplesTotal, percent: (100 * samplesDone) / Math.max(1, samplesTotal), tokensPerSecond, batchSize: config.batchSize })
          .catch((error: Error) => ctx.log.warn({ extractionId, err: error.message }, "progress not recorded"));
      },
    });
    await extraction.progress({ percent: 100, etaSeconds: 0 }, true);
    await extraction.transition("COMPLETED", {
      files: result.files as object[],
      statistics: result.statistics as object,
      metrics: result.metrics as object,
      completedAt: new Date(),
    });
    ctx.log.info({ extractionId, files: result.files.length }, "extraction completed");
  },
};
