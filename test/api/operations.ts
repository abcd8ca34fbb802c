/** GraphQL documents and dataset helpers shared by the API tests. */
import { eventually, ok } from "../support/graphql.ts";

export const MODEL_FIELDS = `id repoId name status format requestedFormat errorCode statusMessage architectureName jobId
  rawBytes variantBytes diskBytes parameterCount extractionCount sourceModel { id } variants { id format }
  architecture { numLayers hiddenSize modelType layers { kind } } progress { phase percent }`;

export const DOWNLOAD = `mutation($input: DownloadModelInput!) { downloadModel(input: $input) { jobId model { ${MODEL_FIELDS} } } }`;
export const MODEL = `query($id: ID!) { model(id: $id) { ${MODEL_FIELDS} } }`;
export const MODEL_PROGRESS = `subscription($id: ID!) { modelProgress(id: $id) { modelId status errorCode progress { phase percent bytesDone bytesTotal currentFile } } }`;
export const CANCEL_MODEL = `mutation($id: ID!) { cancelModelJob(id: $id) { id status errorCode } }`;
export const DELETE_MODEL = `mutation($id: ID!, $dryRun: Boolean) { deleteModel(id: $id, dryRun: $dryRun) {
  dryRun deleted blocked blockedReasons bytesFreed models { id format bytes paths extractionCount } } }`;

export const IMPORT_DATASET = `mutation($input: ImportDatasetInput!) { importDataset(input: $input) { id name status source } }`;
export const DATASET = `query($id: ID!) { dataset(id: $id) { status sampleCount bytes preview errorCode } }`;

/** importDataset with a file: a GraphQL multipart request (the spec graphql-yoga implements). */
export async function uploadDataset(url: string, file: File, input: Record<string, unknown> = {}) {
  const form = new FormData();
  form.set("operations", JSON.stringify({ query: IMPORT_DATASET, variables: { input: { ...input, file: null } } }));
  form.set("map", JSON.stringify({ 0: ["variables.input.file"] }));
  form.set("0", file);
  const response = await fetch(url, { method: "POST", body: form, headers: { "graphql-preflight": "1" } });
  return (await response.json()) as { data?: { importDataset: { id: string; name: string; status: string } }; errors?: Array<{ extensions: { code: string; field: string } }> };
}

/** A .txt dataset of `lines` uploaded and imported by the worker; resolves with its id once READY. */
export async function readyTextDataset(url: string, lines: string[], name: string): Promise<string> {
  const result = await uploadDataset(url, new File([lines.join("\n")], `${name}.txt`, { type: "text/plain" }), { name });
  if (result.errors || !result.data) throw new Error(`upload failed: ${JSON.stringify(result.errors)}`);
  const id = result.data.importDataset.id;
  await eventually(async () => {
    const { dataset } = await ok(url, DATASET, { id });
    if (String(dataset.status) === "ERROR") throw new Error(`import failed: ${String(dataset.errorCode)}`);
    return String(dataset.status) === "READY" ? true : undefined;
  }, 60_000);
  return id;
}
