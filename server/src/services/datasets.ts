/** Datasets: an upload stored under datasets/{id}/ or a Hub dataset, parsed by the import job. */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { CodedError, EXTRACTION_ACTIVE_STATUSES } from "../../../contracts/src/index.ts";
import type { AppServices } from "../context.ts";
import type { Dataset } from "../generated/prisma/client.ts";
import { validAccessToken, validRepoId } from "../lib/validation.ts";
import { isUuid } from "./models.ts";

export const DATASET_EXTENSIONS = ["txt", "jsonl", "json", "csv", "parquet"] as const;

export interface ImportDatasetInput {
  name?: string | null;
  file?: File | null;
  repoId?: string | null;
  config?: string | null;
  split?: string | null;
  textField?: string | null;
  accessToken?: string | null;
}

function optionalText(value: string | null | undefined, field: string, max = 255): string | null {
  const text = value?.trim();
  if (!text) return null;
  if (text.length > max) throw new CodedError("BAD_USER_INPUT", `At most ${max} characters.`, field);
  return text;
}

export async function importDataset(app: AppServices, input: ImportDatasetInput): Promise<Dataset> {
  if (Boolean(input.file) === Boolean(input.repoId)) throw new CodedError("BAD_USER_INPUT", "Give either a file or a Hub repoId.", "input.file");
  const common = {
    config: optionalText(input.config, "input.config"),
    split: optionalText(input.split, "input.split"),
    textField: optionalText(input.textField, "input.textField"),
  };
  if (input.file) {
    const extension = path.extname(input.file.name).slice(1).toLowerCase();
    if (!(DATASET_EXTENSIONS as readonly string[]).includes(extension)) {
      throw new CodedError("BAD_USER_INPUT", `Upload one of: ${DATASET_EXTENSIONS.map((e) => `.${e}`).join(", ")}.`, "input.file");
    }
    // The stored name is ours; the uploaded name is only shown, never used as a path.
    const fileName = `upload.${extension}`;
    const name = optionalText(input.name, "input.name") ?? path.basename(input.file.name).slice(0, 255);
    const dataset = await app.db.dataset.create({ data: { ...common, name, source: "upload", fileName, bytes: input.file.size, preview: [] } });
    const dir = app.paths.dataset(dataset.id);
    await mkdir(dir, { recursive: true });
    const partial = path.join(dir, `${fileName}.partial`);
    await writeFile(partial, Buffer.from(await input.file.arrayBuffer()));
    await rename(partial, path.join(dir, fileName));
    return enqueueImport(app, dataset);
  }
  const repoId = validRepoId(input.repoId!, "input.repoId");
  const token = validAccessToken(input.accessToken, "input.accessToken") ?? app.config.hfToken;
  const name = optionalText(input.name, "input.name") ?? repoId;
  const dataset = await app.db.dataset.create({ data: { ...common, name, source: "hub", repoId, preview: [] } });
  return enqueueImport(app, dataset, token);
}

async function enqueueImport(app: AppServices, dataset: Dataset, token?: string): Promise<Dataset> {
  const jobId = await app.queues.enqueue("import-dataset", { datasetId: dataset.id }, token);
  app.log.info({ datasetId: dataset.id, jobId, operation: "importDataset" }, "dataset import queued");
  return app.db.dataset.update({ where: { id: dataset.id }, data: { jobId } });
}

export async function findDataset(app: AppServices, id: string): Promise<Dataset> {
  const dataset = isUuid(id) ? await app.db.dataset.findUnique({ where: { id } }) : null;
  if (!dataset) throw new CodedError("NOT_FOUND", "No dataset with this id.", "id");
  return dataset;
}

/** Blocked while it imports or while any extraction (kept for its results) refers to it. */
export async function deleteDataset(app: AppServices, id: string): Promise<boolean> {
  const dataset = await findDataset(app, id);
  if (dataset.status === "DOWNLOADING") throw new CodedError("CONFLICT", "The dataset is still importing.", "id");
  const users = await app.db.extraction.findMany({ where: { datasetId: id }, select: { status: true } });
  if (users.some((e) => EXTRACTION_ACTIVE_STATUSES.includes(e.status))) throw new CodedError("CONFLICT", "A running extraction uses this dataset.", "id");
  if (users.length) throw new CodedError("CONFLICT", `${users.length} extraction(s) refer to this dataset; delete them (or their model) first.`, "id");
  await app.db.dataset.delete({ where: { id } });
  await rm(app.paths.dataset(id), { recursive: true, force: true });
  app.log.info({ datasetId: id, operation: "deleteDataset" }, "dataset deleted");
  return true;
}
