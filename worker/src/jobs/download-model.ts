/**
 * download-model: DOWNLOADING → files under models/raw/{id}/ → LOADING, then queues the
 * conversion. The plan (Hub metadata, cached per commit) decides what to fetch; an architecture
 * the engine cannot convert ends INCOMPATIBLE before any byte is downloaded. A re-run after the
 * work is done (a recovered stalled job) does nothing.
 */
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { JobHandler } from "../runtime/registry.ts";
import { assertStorageFits, downloadRepoFiles, planModel } from "../hub/index.ts";

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
    const { config, paths } = ctx.deps;
    const token = await ctx.secret();
    const plan = await planModel({
      repoId,
      revision,
      accessToken: token,
      hubUrl: config.hfEndpoint,
      dataDir: config.dataDir,
      deviceBudgetBytes: config.deviceMemoryBudgetBytes,
      targetFormat: format,
    });
    if (!plan.supported) {
      await model.transition("INCOMPATIBLE", { revision: plan.revision, architectureName: plan.architecture, statusMessage: plan.unsupportedReason });
      ctx.log.info({ modelId, reason: plan.unsupportedReason }, "model cannot be converted");
      return;
    }
    assertStorageFits(plan);
    // Files land in the job's scratch folder (kept across retries, so a crashed download resumes)
    // and the whole folder moves to models/raw/{id}/ at the end: a cancelled or failed download
    // leaves nothing half-written under the model's path.
    const scratch = await ctx.tempDir();
    const staged = path.join(scratch, "raw");
    const result = await downloadRepoFiles({
      repoId: plan.repoId,
      revision: plan.revision,
      files: plan.files,
      destDir: staged,
      tempDir: path.join(scratch, "partial"),
      token,
      hubUrl: config.hfEndpoint,
      signal: ctx.signal,
      onProgress: (p) => {
        void model
          .progress({ phase: "download", percent: p.percent, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, currentFile: p.currentFile, speed: p.speed, etaSeconds: p.etaSeconds })
          .catch((error: Error) => ctx.log.warn({ modelId, err: error.message }, "progress not recorded"));
      },
    });
    const rawDir = paths.rawModel(modelId);
    await mkdir(path.dirname(rawDir), { recursive: true });
    await rm(rawDir, { recursive: true, force: true }); // an earlier attempt that crashed after its rename
    await rename(staged, rawDir);
    const bytes = result.files.reduce((sum, file) => sum + file.size, 0);
    await model.progress({ phase: "download", percent: 100, bytesDone: bytes, bytesTotal: bytes, etaSeconds: 0 }, true);
    await model.transition("LOADING", { rawBytes: BigInt(bytes), revision: plan.revision, architectureName: plan.architecture, statusMessage: null });
    const jobId = await ctx.deps.queues.enqueue("convert-model", { modelId, sourceModelId: modelId, format });
    await ctx.deps.db.model.update({ where: { id: modelId }, data: { jobId } });
    ctx.log.info({ modelId, bytes, fetched: result.bytesFetched, convertJobId: jobId }, "download complete; conversion queued");
  },
};
