/** import-dataset: DOWNLOADING → samples counted and previewed → READY. */
import path from "node:path";
import { CodedError } from "../../../contracts/src/index.ts";
import type { JobHandler } from "../runtime/registry.ts";
import { importDatasetFile } from "./steps/import-dataset.provisional.ts";

export const importDataset: JobHandler<"import-dataset"> = {
  entity: "dataset",
  entityId: (data) => data.datasetId,
  async run(ctx) {
    const { datasetId } = ctx.data;
    const dataset = ctx.dataset(datasetId);
    if ((await dataset.status()) === "READY") return;
    const row = await ctx.deps.db.dataset.findUniqueOrThrow({ where: { id: datasetId } });
    if (row.source !== "upload" || !row.fileName) throw new CodedError("UNAVAILABLE", "Hub datasets are not available in this build.", "input.repoId");
    const dir = ctx.deps.paths.dataset(datasetId);
    const result = await importDatasetFile({
      sourcePath: path.join(dir, row.fileName),
      originalName: row.fileName,
      textField: row.textField,
      outDir: dir,
      tempDir: await ctx.tempDir(),
      signal: ctx.signal,
      onProgress: ({ bytesDone, bytesTotal }) => {
        void dataset.progress({ bytesDone, bytesTotal, percent: (100 * bytesDone) / Math.max(1, bytesTotal) }).catch(() => undefined);
      },
    });
    await dataset.transition("READY", { sampleCount: result.sampleCount, bytes: BigInt(result.bytes), preview: result.preview, statusMessage: null });
  },
};
