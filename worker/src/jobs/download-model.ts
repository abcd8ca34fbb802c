/**
 * download-model: DOWNLOADING → files under models/raw/{id}/ → LOADING, then queues the
 * conversion. A re-run after the work is done (a recovered stalled job) does nothing.
 */
import type { JobHandler } from "../runtime/registry.ts";
import { fetchRepoFiles } from "./steps/fetch-repo-files.provisional.ts";
import { etaSeconds, SpeedMeter } from "./speed.ts";

export const downloadModel: JobHandler<"download-model"> = {
  entity: "model",
  entityId: (data) => data.modelId,
  async run(ctx) {
    const { modelId, repoId, revision, format } = ctx.data;
    const model = ctx.model(modelId);
    if ((await model.status()) !== "DOWNLOADING") {
      ctx.log.info({ modelId }, "download already finished; nothing to do");
      return;
    }
    const speed = new SpeedMeter();
    const result = await fetchRepoFiles({
      repoId,
      revision,
      destDir: ctx.deps.paths.rawModel(modelId),
      tempDir: await ctx.tempDir(),
      token: await ctx.secret(),
      hubUrl: ctx.deps.config.hfEndpoint,
      signal: ctx.signal,
      onProgress: ({ bytesDone, bytesTotal, currentFile }) => {
        const bytesPerSecond = speed.sample(bytesDone);
        void model
          .progress({ phase: "download", percent: (100 * bytesDone) / Math.max(1, bytesTotal), bytesDone, bytesTotal, currentFile, speed: bytesPerSecond, etaSeconds: etaSeconds(bytesTotal - bytesDone, bytesPerSecond) })
          .catch((error: Error) => ctx.log.warn({ modelId, err: error.message }, "progress not recorded"));
      },
    });
    await model.progress({ phase: "download", percent: 100, bytesDone: result.bytes, bytesTotal: result.bytes, etaSeconds: 0 }, true);
    await model.transition("LOADING", { rawBytes: result.bytes, revision: result.revision, statusMessage: null });
    const jobId = await ctx.deps.queues.enqueue("convert-model", { modelId, sourceModelId: modelId, format });
    await ctx.deps.db.model.update({ where: { id: modelId }, data: { jobId } });
    ctx.log.info({ modelId, bytes: result.bytes, convertJobId: jobId }, "download complete; conversion queued");
  },
};
