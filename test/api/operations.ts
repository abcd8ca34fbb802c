/** GraphQL documents shared by the API tests. */
export const MODEL_FIELDS = `id repoId name status format requestedFormat errorCode statusMessage architectureName jobId
  rawBytes variantBytes diskBytes parameterCount extractionCount sourceModel { id } variants { id format }
  architecture { numLayers hiddenSize modelType layers { kind } } progress { phase percent }`;

export const DOWNLOAD = `mutation($input: DownloadModelInput!) { downloadModel(input: $input) { jobId model { ${MODEL_FIELDS} } } }`;
export const MODEL = `query($id: ID!) { model(id: $id) { ${MODEL_FIELDS} } }`;
export const MODEL_PROGRESS = `subscription($id: ID!) { modelProgress(id: $id) { modelId status errorCode progress { phase percent bytesDone bytesTotal currentFile } } }`;
export const CANCEL_MODEL = `mutation($id: ID!) { cancelModelJob(id: $id) { id status errorCode } }`;
export const DELETE_MODEL = `mutation($id: ID!, $dryRun: Boolean) { deleteModel(id: $id, dryRun: $dryRun) {
  dryRun deleted blocked blockedReasons bytesFreed models { id format bytes paths extractionCount } } }`;
