/**
 * import-dataset: DOWNLOADING → samples normalised into datasets/{id}/ (samples.jsonl +
 * dataset.json, what extractions read) → READY. An upload is parsed from the file the API stored
 * beside it; a Hub dataset is fetched (resumable, verified) through the Hub client first.
 */
import path from "node:path";
import { CodedError } from "../../../contracts/src/index.ts";
import { createHubDatasetClient, importHubDataset } from "../datasets/hub-dataset.ts";
import { importDatasetFile, type ImportProgress, type ImportResult } from "../datasets/import.ts";
import type { JobContext } from "../runtime/context.ts";
import type { JobHandler } from "../runtime/registry.ts";

export const importDataset: JobHandler<"import-dataset"> = {
  entity: "dataset",
  entityId: (data) => data.datasetId,
  async run(ctx) {
    const { datasetId } = ctx.data;
    const dataset = ctx.dataset(datasetId);
    if ((await dataset.status()) === "READY") return;
    const row = await ctx.deps.db.dataset.findUniqueOrThrow({ where: { id: datasetId } });
    const dir = ctx.deps.paths.dataset(datasetId);
    const tempDir = await ctx.tempDir();
    const report = (message: string | null) => (p: ImportProgress) => {
      void dataset
        .progress({ bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, percent: (100 * p.bytesDone) / Math.max(1, p.bytesTotal), message })
        .catch((error: Error) => ctx.log.warn({ datasetId, err: error.message }, "progress not recorded"));
    };
    let result: ImportResult;
    if (row.source === "upload" && row.fileName) {
      result = await importDatasetFile({
        sourcePath: path.join(dir, row.fileName),
        originalName: row.fileName,
        textField: row.textField,
        outDir: dir,
        tempDir,
        signal: ctx.signal,
        onProgress: report(null),
      });
    } else if (row.source === "hub" && row.repoId) {
      result = await importFromHub(ctx, { ...row, repoId: row.repoId }, dir, tempDir, report);
    } else {
      throw new CodedError("INTERNAL", `Dataset ${datasetId} has neither an uploaded file nor a Hub repo.`);
    }
    await dataset.progress({ percent: 100, message: null }, true);
    await dataset.transition("READY", { sampleCount: result.sampleCount, bytes: BigInt(result.bytes), preview: result.preview, statusMessage: null });
    ctx.log.info({ datasetId, samples: result.sampleCount, skipped: result.skipped }, "dataset imported");
  },
};

interface HubDatasetRow {
  repoId: string;
  config: string | null;
  split: string | null;
  textField: string | null;
}

async function importFromHub(
  ctx: JobContext<"import-dataset">,
  row: HubDatasetRow,
  outDir: string,
  tempDir: string,
  report: (message: string | null) => (p: ImportProgress) => void,
): Promise<ImportResult> {
  const [downloading, parsing] = [report("Downloading from the Hub."), report("Reading samples.")];
  return importHubDataset({
    repoId: row.repoId,
    config: row.config,
    split: row.split,
    textField: row.textField,
    client: createHubDatasetClient({ hubUrl: ctx.deps.config.hfEndpoint, token: await ctx.secret() }),
    outDir,
    tempDir,
    signal: ctx.signal,
    onProgress: (p) => (p.phase === "download" ? downloading(p) : parsing(p)),
  });
}
