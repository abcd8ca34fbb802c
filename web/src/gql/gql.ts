/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ResourceFields on ResourceSample {\n    at\n    cpuPercent\n    rssBytes\n    gpuPercent\n    gpuMemoryBytes\n  }\n": typeof types.ResourceFieldsFragmentDoc,
    "\n  fragment ModelProgressFields on ModelProgress {\n    phase\n    percent\n    bytesDone\n    bytesTotal\n    speed\n    etaSeconds\n    currentFile\n    message\n    resources {\n      ...ResourceFields\n    }\n    at\n  }\n": typeof types.ModelProgressFieldsFragmentDoc,
    "\n  fragment ModelItem on Model {\n    id\n    repoId\n    name\n    revision\n    format\n    requestedFormat\n    fallbackReason\n    status\n    statusMessage\n    errorCode\n    architectureName\n    parameterCount\n    diskBytes\n    estimatedMemoryBytes\n    measuredMemoryBytes\n    extractionCount\n    createdAt\n    updatedAt\n    sourceModel {\n      id\n      name\n    }\n    progress {\n      ...ModelProgressFields\n    }\n  }\n": typeof types.ModelItemFragmentDoc,
    "\n  query Models($first: Int, $after: String) {\n    models(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ModelItem\n        }\n      }\n    }\n  }\n": typeof types.ModelsDocument,
    "\n  subscription ModelEvents {\n    modelEvents {\n      kind\n      modelId\n      model {\n        ...ModelItem\n      }\n    }\n  }\n": typeof types.ModelEventsDocument,
    "\n  subscription ModelProgress($id: ID!) {\n    modelProgress(id: $id) {\n      modelId\n      status\n      errorCode\n      progress {\n        ...ModelProgressFields\n      }\n      model {\n        ...ModelItem\n      }\n    }\n  }\n": typeof types.ModelProgressDocument,
    "\n  query ModelPlan($repoId: String!, $accessToken: String) {\n    modelPlan(repoId: $repoId, accessToken: $accessToken) {\n      repoId\n      revision\n      architecture\n      supported\n      unsupportedReason\n      downloadBytes\n      parameterCount\n      deviceBudgetBytes\n      freeDiskBytes\n      requiredDiskBytes\n      warnings\n      formats {\n        format\n        diskBytes\n        memoryBytes\n        bitsPerWeight\n        breakdown\n        fit\n        recommended\n      }\n    }\n  }\n": typeof types.ModelPlanDocument,
    "\n  mutation DownloadModel($input: DownloadModelInput!) {\n    downloadModel(input: $input) {\n      jobId\n      model {\n        ...ModelItem\n      }\n    }\n  }\n": typeof types.DownloadModelDocument,
    "\n  mutation RetryModelDownload($id: ID!, $accessToken: String) {\n    retryModelDownload(id: $id, accessToken: $accessToken) {\n      jobId\n      model {\n        ...ModelItem\n      }\n    }\n  }\n": typeof types.RetryModelDownloadDocument,
    "\n  mutation CancelModelJob($id: ID!) {\n    cancelModelJob(id: $id) {\n      ...ModelItem\n    }\n  }\n": typeof types.CancelModelJobDocument,
    "\n  mutation RequantizeModel($id: ID!, $quantization: String!) {\n    requantizeModel(id: $id, quantization: $quantization) {\n      jobId\n      model {\n        ...ModelItem\n      }\n    }\n  }\n": typeof types.RequantizeModelDocument,
    "\n  fragment DeletionReportFields on DeletionReport {\n    dryRun\n    deleted\n    blocked\n    blockedReasons\n    bytesFreed\n    models {\n      id\n      name\n      format\n      bytes\n      paths\n      extractionCount\n    }\n  }\n": typeof types.DeletionReportFieldsFragmentDoc,
    "\n  mutation DeleteModel($id: ID!, $dryRun: Boolean) {\n    deleteModel(id: $id, dryRun: $dryRun) {\n      ...DeletionReportFields\n    }\n  }\n": typeof types.DeleteModelDocument,
    "\n  mutation DeleteUnusedModels($dryRun: Boolean) {\n    deleteUnusedModels(dryRun: $dryRun) {\n      ...DeletionReportFields\n    }\n  }\n": typeof types.DeleteUnusedModelsDocument,
    "\n  fragment ArchitectureFields on Architecture {\n    modelType\n    architectures\n    supported\n    numLayers\n    hiddenSize\n    numHeads\n    numKvHeads\n    headDim\n    intermediateSize\n    vocabSize\n    maxPositions\n    activation\n    normType\n    parameterCount\n    tiedEmbeddings\n    layers {\n      index\n      kind\n      name\n      parameterCount\n      attention\n      mlp\n    }\n    config\n  }\n": typeof types.ArchitectureFieldsFragmentDoc,
    "\n  query ModelDetail($id: ID!) {\n    model(id: $id) {\n      ...ModelItem\n      architecture {\n        ...ArchitectureFields\n      }\n      fidelity {\n        probeTokens\n        entries {\n          layer\n          hook\n          relativeError\n          cosineSimilarity\n          maxAbsError\n        }\n      }\n    }\n  }\n": typeof types.ModelDetailDocument,
    "\n  query CompareModels($a: ID!, $b: ID!) {\n    compareModels(a: $a, b: $b) {\n      a {\n        id\n        name\n        format\n        architecture {\n          ...ArchitectureFields\n        }\n      }\n      b {\n        id\n        name\n        format\n        architecture {\n          ...ArchitectureFields\n        }\n      }\n      differences {\n        field\n        a\n        b\n      }\n    }\n  }\n": typeof types.CompareModelsDocument,
    "\n  query System {\n    system {\n      freeDiskBytes\n      totalDiskBytes\n      deviceBudgetBytes\n      memoryTotalBytes\n      queues {\n        queue\n        waiting\n        active\n        delayed\n        failed\n      }\n    }\n  }\n": typeof types.SystemDocument,
    "\n  fragment DatasetItem on Dataset {\n    id\n    name\n    source\n    repoId\n    textField\n    status\n    statusMessage\n    sampleCount\n    bytes\n    preview\n    createdAt\n  }\n": typeof types.DatasetItemFragmentDoc,
    "\n  query Datasets {\n    datasets {\n      ...DatasetItem\n    }\n  }\n": typeof types.DatasetsDocument,
    "\n  subscription DatasetProgress($id: ID!) {\n    datasetProgress(id: $id) {\n      datasetId\n      status\n      percent\n      message\n      errorCode\n      dataset {\n        ...DatasetItem\n      }\n    }\n  }\n": typeof types.DatasetProgressDocument,
    "\n  mutation ImportDataset($input: ImportDatasetInput!) {\n    importDataset(input: $input) {\n      ...DatasetItem\n    }\n  }\n": typeof types.ImportDatasetDocument,
    "\n  mutation DeleteDataset($id: ID!) {\n    deleteDataset(id: $id)\n  }\n": typeof types.DeleteDatasetDocument,
    "\n  fragment ExtractionProgressFields on ExtractionProgress {\n    percent\n    samplesDone\n    samplesTotal\n    tokensPerSecond\n    etaSeconds\n    batchSize\n    message\n    resources {\n      ...ResourceFields\n    }\n    at\n  }\n": typeof types.ExtractionProgressFieldsFragmentDoc,
    "\n  fragment ExtractionItem on Extraction {\n    id\n    status\n    statusMessage\n    errorCode\n    layers\n    hookTypes\n    maxSamples\n    batchSize\n    sequenceLength\n    topK\n    storageDType\n    outputPath\n    statistics\n    metrics\n    createdAt\n    completedAt\n    model {\n      id\n      name\n      format\n    }\n    dataset {\n      id\n      name\n    }\n    files {\n      name\n      shape\n      dtype\n      bytes\n    }\n    progress {\n      ...ExtractionProgressFields\n    }\n  }\n": typeof types.ExtractionItemFragmentDoc,
    "\n  query Extractions {\n    extractions {\n      ...ExtractionItem\n    }\n  }\n": typeof types.ExtractionsDocument,
    "\n  subscription ExtractionProgress($id: ID!) {\n    extractionProgress(id: $id) {\n      extractionId\n      status\n      errorCode\n      progress {\n        ...ExtractionProgressFields\n      }\n      extraction {\n        ...ExtractionItem\n      }\n    }\n  }\n": typeof types.ExtractionProgressDocument,
    "\n  query ExtractionPlan($input: ExtractionInput!) {\n    extractionPlan(input: $input) {\n      storageBytes\n      estimatedSeconds\n      estimateSource\n      freeDiskBytes\n      samples\n      layers\n      warnings\n    }\n  }\n": typeof types.ExtractionPlanDocument,
    "\n  mutation StartExtraction($input: ExtractionInput!) {\n    startExtraction(input: $input) {\n      ...ExtractionItem\n    }\n  }\n": typeof types.StartExtractionDocument,
    "\n  mutation CancelExtraction($id: ID!) {\n    cancelExtraction(id: $id) {\n      ...ExtractionItem\n    }\n  }\n": typeof types.CancelExtractionDocument,
    "\n  fragment TemplateFields on ExtractionTemplate {\n    id\n    name\n    description\n    layerSelection\n    hookTypes\n    maxSamples\n    batchSize\n    sequenceLength\n    topK\n    storageDType\n    isFavorite\n    createdAt\n    updatedAt\n  }\n": typeof types.TemplateFieldsFragmentDoc,
    "\n  query ExtractionTemplates {\n    extractionTemplates {\n      ...TemplateFields\n    }\n  }\n": typeof types.ExtractionTemplatesDocument,
    "\n  mutation CreateExtractionTemplate($input: ExtractionTemplateInput!) {\n    createExtractionTemplate(input: $input) {\n      ...TemplateFields\n    }\n  }\n": typeof types.CreateExtractionTemplateDocument,
    "\n  mutation DeleteExtractionTemplate($id: ID!) {\n    deleteExtractionTemplate(id: $id)\n  }\n": typeof types.DeleteExtractionTemplateDocument,
    "\n  mutation SetExtractionTemplateFavorite($id: ID!, $isFavorite: Boolean!) {\n    setExtractionTemplateFavorite(id: $id, isFavorite: $isFavorite) {\n      ...TemplateFields\n    }\n  }\n": typeof types.SetExtractionTemplateFavoriteDocument,
    "\n  mutation ExportTemplates($ids: [ID!]) {\n    exportTemplates(ids: $ids)\n  }\n": typeof types.ExportTemplatesDocument,
    "\n  mutation ImportTemplates($document: JSON!) {\n    importTemplates(document: $document) {\n      imported {\n        ...TemplateFields\n      }\n      skipped {\n        index\n        name\n        reason\n      }\n    }\n  }\n": typeof types.ImportTemplatesDocument,
};
const documents: Documents = {
    "\n  fragment ResourceFields on ResourceSample {\n    at\n    cpuPercent\n    rssBytes\n    gpuPercent\n    gpuMemoryBytes\n  }\n": types.ResourceFieldsFragmentDoc,
    "\n  fragment ModelProgressFields on ModelProgress {\n    phase\n    percent\n    bytesDone\n    bytesTotal\n    speed\n    etaSeconds\n    currentFile\n    message\n    resources {\n      ...ResourceFields\n    }\n    at\n  }\n": types.ModelProgressFieldsFragmentDoc,
    "\n  fragment ModelItem on Model {\n    id\n    repoId\n    name\n    revision\n    format\n    requestedFormat\n    fallbackReason\n    status\n    statusMessage\n    errorCode\n    architectureName\n    parameterCount\n    diskBytes\n    estimatedMemoryBytes\n    measuredMemoryBytes\n    extractionCount\n    createdAt\n    updatedAt\n    sourceModel {\n      id\n      name\n    }\n    progress {\n      ...ModelProgressFields\n    }\n  }\n": types.ModelItemFragmentDoc,
    "\n  query Models($first: Int, $after: String) {\n    models(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ModelItem\n        }\n      }\n    }\n  }\n": types.ModelsDocument,
    "\n  subscription ModelEvents {\n    modelEvents {\n      kind\n      modelId\n      model {\n        ...ModelItem\n      }\n    }\n  }\n": types.ModelEventsDocument,
    "\n  subscription ModelProgress($id: ID!) {\n    modelProgress(id: $id) {\n      modelId\n      status\n      errorCode\n      progress {\n        ...ModelProgressFields\n      }\n      model {\n        ...ModelItem\n      }\n    }\n  }\n": types.ModelProgressDocument,
    "\n  query ModelPlan($repoId: String!, $accessToken: String) {\n    modelPlan(repoId: $repoId, accessToken: $accessToken) {\n      repoId\n      revision\n      architecture\n      supported\n      unsupportedReason\n      downloadBytes\n      parameterCount\n      deviceBudgetBytes\n      freeDiskBytes\n      requiredDiskBytes\n      warnings\n      formats {\n        format\n        diskBytes\n        memoryBytes\n        bitsPerWeight\n        breakdown\n        fit\n        recommended\n      }\n    }\n  }\n": types.ModelPlanDocument,
    "\n  mutation DownloadModel($input: DownloadModelInput!) {\n    downloadModel(input: $input) {\n      jobId\n      model {\n        ...ModelItem\n      }\n    }\n  }\n": types.DownloadModelDocument,
    "\n  mutation RetryModelDownload($id: ID!, $accessToken: String) {\n    retryModelDownload(id: $id, accessToken: $accessToken) {\n      jobId\n      model {\n        ...ModelItem\n      }\n    }\n  }\n": types.RetryModelDownloadDocument,
    "\n  mutation CancelModelJob($id: ID!) {\n    cancelModelJob(id: $id) {\n      ...ModelItem\n    }\n  }\n": types.CancelModelJobDocument,
    "\n  mutation RequantizeModel($id: ID!, $quantization: String!) {\n    requantizeModel(id: $id, quantization: $quantization) {\n      jobId\n      model {\n        ...ModelItem\n      }\n    }\n  }\n": types.RequantizeModelDocument,
    "\n  fragment DeletionReportFields on DeletionReport {\n    dryRun\n    deleted\n    blocked\n    blockedReasons\n    bytesFreed\n    models {\n      id\n      name\n      format\n      bytes\n      paths\n      extractionCount\n    }\n  }\n": types.DeletionReportFieldsFragmentDoc,
    "\n  mutation DeleteModel($id: ID!, $dryRun: Boolean) {\n    deleteModel(id: $id, dryRun: $dryRun) {\n      ...DeletionReportFields\n    }\n  }\n": types.DeleteModelDocument,
    "\n  mutation DeleteUnusedModels($dryRun: Boolean) {\n    deleteUnusedModels(dryRun: $dryRun) {\n      ...DeletionReportFields\n    }\n  }\n": types.DeleteUnusedModelsDocument,
    "\n  fragment ArchitectureFields on Architecture {\n    modelType\n    architectures\n    supported\n    numLayers\n    hiddenSize\n    numHeads\n    numKvHeads\n    headDim\n    intermediateSize\n    vocabSize\n    maxPositions\n    activation\n    normType\n    parameterCount\n    tiedEmbeddings\n    layers {\n      index\n      kind\n      name\n      parameterCount\n      attention\n      mlp\n    }\n    config\n  }\n": types.ArchitectureFieldsFragmentDoc,
    "\n  query ModelDetail($id: ID!) {\n    model(id: $id) {\n      ...ModelItem\n      architecture {\n        ...ArchitectureFields\n      }\n      fidelity {\n        probeTokens\n        entries {\n          layer\n          hook\n          relativeError\n          cosineSimilarity\n          maxAbsError\n        }\n      }\n    }\n  }\n": types.ModelDetailDocument,
    "\n  query CompareModels($a: ID!, $b: ID!) {\n    compareModels(a: $a, b: $b) {\n      a {\n        id\n        name\n        format\n        architecture {\n          ...ArchitectureFields\n        }\n      }\n      b {\n        id\n        name\n        format\n        architecture {\n          ...ArchitectureFields\n        }\n      }\n      differences {\n        field\n        a\n        b\n      }\n    }\n  }\n": types.CompareModelsDocument,
    "\n  query System {\n    system {\n      freeDiskBytes\n      totalDiskBytes\n      deviceBudgetBytes\n      memoryTotalBytes\n      queues {\n        queue\n        waiting\n        active\n        delayed\n        failed\n      }\n    }\n  }\n": types.SystemDocument,
    "\n  fragment DatasetItem on Dataset {\n    id\n    name\n    source\n    repoId\n    textField\n    status\n    statusMessage\n    sampleCount\n    bytes\n    preview\n    createdAt\n  }\n": types.DatasetItemFragmentDoc,
    "\n  query Datasets {\n    datasets {\n      ...DatasetItem\n    }\n  }\n": types.DatasetsDocument,
    "\n  subscription DatasetProgress($id: ID!) {\n    datasetProgress(id: $id) {\n      datasetId\n      status\n      percent\n      message\n      errorCode\n      dataset {\n        ...DatasetItem\n      }\n    }\n  }\n": types.DatasetProgressDocument,
    "\n  mutation ImportDataset($input: ImportDatasetInput!) {\n    importDataset(input: $input) {\n      ...DatasetItem\n    }\n  }\n": types.ImportDatasetDocument,
    "\n  mutation DeleteDataset($id: ID!) {\n    deleteDataset(id: $id)\n  }\n": types.DeleteDatasetDocument,
    "\n  fragment ExtractionProgressFields on ExtractionProgress {\n    percent\n    samplesDone\n    samplesTotal\n    tokensPerSecond\n    etaSeconds\n    batchSize\n    message\n    resources {\n      ...ResourceFields\n    }\n    at\n  }\n": types.ExtractionProgressFieldsFragmentDoc,
    "\n  fragment ExtractionItem on Extraction {\n    id\n    status\n    statusMessage\n    errorCode\n    layers\n    hookTypes\n    maxSamples\n    batchSize\n    sequenceLength\n    topK\n    storageDType\n    outputPath\n    statistics\n    metrics\n    createdAt\n    completedAt\n    model {\n      id\n      name\n      format\n    }\n    dataset {\n      id\n      name\n    }\n    files {\n      name\n      shape\n      dtype\n      bytes\n    }\n    progress {\n      ...ExtractionProgressFields\n    }\n  }\n": types.ExtractionItemFragmentDoc,
    "\n  query Extractions {\n    extractions {\n      ...ExtractionItem\n    }\n  }\n": types.ExtractionsDocument,
    "\n  subscription ExtractionProgress($id: ID!) {\n    extractionProgress(id: $id) {\n      extractionId\n      status\n      errorCode\n      progress {\n        ...ExtractionProgressFields\n      }\n      extraction {\n        ...ExtractionItem\n      }\n    }\n  }\n": types.ExtractionProgressDocument,
    "\n  query ExtractionPlan($input: ExtractionInput!) {\n    extractionPlan(input: $input) {\n      storageBytes\n      estimatedSeconds\n      estimateSource\n      freeDiskBytes\n      samples\n      layers\n      warnings\n    }\n  }\n": types.ExtractionPlanDocument,
    "\n  mutation StartExtraction($input: ExtractionInput!) {\n    startExtraction(input: $input) {\n      ...ExtractionItem\n    }\n  }\n": types.StartExtractionDocument,
    "\n  mutation CancelExtraction($id: ID!) {\n    cancelExtraction(id: $id) {\n      ...ExtractionItem\n    }\n  }\n": types.CancelExtractionDocument,
    "\n  fragment TemplateFields on ExtractionTemplate {\n    id\n    name\n    description\n    layerSelection\n    hookTypes\n    maxSamples\n    batchSize\n    sequenceLength\n    topK\n    storageDType\n    isFavorite\n    createdAt\n    updatedAt\n  }\n": types.TemplateFieldsFragmentDoc,
    "\n  query ExtractionTemplates {\n    extractionTemplates {\n      ...TemplateFields\n    }\n  }\n": types.ExtractionTemplatesDocument,
    "\n  mutation CreateExtractionTemplate($input: ExtractionTemplateInput!) {\n    createExtractionTemplate(input: $input) {\n      ...TemplateFields\n    }\n  }\n": types.CreateExtractionTemplateDocument,
    "\n  mutation DeleteExtractionTemplate($id: ID!) {\n    deleteExtractionTemplate(id: $id)\n  }\n": types.DeleteExtractionTemplateDocument,
    "\n  mutation SetExtractionTemplateFavorite($id: ID!, $isFavorite: Boolean!) {\n    setExtractionTemplateFavorite(id: $id, isFavorite: $isFavorite) {\n      ...TemplateFields\n    }\n  }\n": types.SetExtractionTemplateFavoriteDocument,
    "\n  mutation ExportTemplates($ids: [ID!]) {\n    exportTemplates(ids: $ids)\n  }\n": types.ExportTemplatesDocument,
    "\n  mutation ImportTemplates($document: JSON!) {\n    importTemplates(document: $document) {\n      imported {\n        ...TemplateFields\n      }\n      skipped {\n        index\n        name\n        reason\n      }\n    }\n  }\n": types.ImportTemplatesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ResourceFields on ResourceSample {\n    at\n    cpuPercent\n    rssBytes\n    gpuPercent\n    gpuMemoryBytes\n  }\n"): (typeof documents)["\n  fragment ResourceFields on ResourceSample {\n    at\n    cpuPercent\n    rssBytes\n    gpuPercent\n    gpuMemoryBytes\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ModelProgressFields on ModelProgress {\n    phase\n    percent\n    bytesDone\n    bytesTotal\n    speed\n    etaSeconds\n    currentFile\n    message\n    resources {\n      ...ResourceFields\n    }\n    at\n  }\n"): (typeof documents)["\n  fragment ModelProgressFields on ModelProgress {\n    phase\n    percent\n    bytesDone\n    bytesTotal\n    speed\n    etaSeconds\n    currentFile\n    message\n    resources {\n      ...ResourceFields\n    }\n    at\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ModelItem on Model {\n    id\n    repoId\n    name\n    revision\n    format\n    requestedFormat\n    fallbackReason\n    status\n    statusMessage\n    errorCode\n    architectureName\n    parameterCount\n    diskBytes\n    estimatedMemoryBytes\n    measuredMemoryBytes\n    extractionCount\n    createdAt\n    updatedAt\n    sourceModel {\n      id\n      name\n    }\n    progress {\n      ...ModelProgressFields\n    }\n  }\n"): (typeof documents)["\n  fragment ModelItem on Model {\n    id\n    repoId\n    name\n    revision\n    format\n    requestedFormat\n    fallbackReason\n    status\n    statusMessage\n    errorCode\n    architectureName\n    parameterCount\n    diskBytes\n    estimatedMemoryBytes\n    measuredMemoryBytes\n    extractionCount\n    createdAt\n    updatedAt\n    sourceModel {\n      id\n      name\n    }\n    progress {\n      ...ModelProgressFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Models($first: Int, $after: String) {\n    models(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ModelItem\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Models($first: Int, $after: String) {\n    models(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ModelItem\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ModelEvents {\n    modelEvents {\n      kind\n      modelId\n      model {\n        ...ModelItem\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ModelEvents {\n    modelEvents {\n      kind\n      modelId\n      model {\n        ...ModelItem\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ModelProgress($id: ID!) {\n    modelProgress(id: $id) {\n      modelId\n      status\n      errorCode\n      progress {\n        ...ModelProgressFields\n      }\n      model {\n        ...ModelItem\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ModelProgress($id: ID!) {\n    modelProgress(id: $id) {\n      modelId\n      status\n      errorCode\n      progress {\n        ...ModelProgressFields\n      }\n      model {\n        ...ModelItem\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelPlan($repoId: String!, $accessToken: String) {\n    modelPlan(repoId: $repoId, accessToken: $accessToken) {\n      repoId\n      revision\n      architecture\n      supported\n      unsupportedReason\n      downloadBytes\n      parameterCount\n      deviceBudgetBytes\n      freeDiskBytes\n      requiredDiskBytes\n      warnings\n      formats {\n        format\n        diskBytes\n        memoryBytes\n        bitsPerWeight\n        breakdown\n        fit\n        recommended\n      }\n    }\n  }\n"): (typeof documents)["\n  query ModelPlan($repoId: String!, $accessToken: String) {\n    modelPlan(repoId: $repoId, accessToken: $accessToken) {\n      repoId\n      revision\n      architecture\n      supported\n      unsupportedReason\n      downloadBytes\n      parameterCount\n      deviceBudgetBytes\n      freeDiskBytes\n      requiredDiskBytes\n      warnings\n      formats {\n        format\n        diskBytes\n        memoryBytes\n        bitsPerWeight\n        breakdown\n        fit\n        recommended\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DownloadModel($input: DownloadModelInput!) {\n    downloadModel(input: $input) {\n      jobId\n      model {\n        ...ModelItem\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DownloadModel($input: DownloadModelInput!) {\n    downloadModel(input: $input) {\n      jobId\n      model {\n        ...ModelItem\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryModelDownload($id: ID!, $accessToken: String) {\n    retryModelDownload(id: $id, accessToken: $accessToken) {\n      jobId\n      model {\n        ...ModelItem\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RetryModelDownload($id: ID!, $accessToken: String) {\n    retryModelDownload(id: $id, accessToken: $accessToken) {\n      jobId\n      model {\n        ...ModelItem\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelModelJob($id: ID!) {\n    cancelModelJob(id: $id) {\n      ...ModelItem\n    }\n  }\n"): (typeof documents)["\n  mutation CancelModelJob($id: ID!) {\n    cancelModelJob(id: $id) {\n      ...ModelItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequantizeModel($id: ID!, $quantization: String!) {\n    requantizeModel(id: $id, quantization: $quantization) {\n      jobId\n      model {\n        ...ModelItem\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RequantizeModel($id: ID!, $quantization: String!) {\n    requantizeModel(id: $id, quantization: $quantization) {\n      jobId\n      model {\n        ...ModelItem\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeletionReportFields on DeletionReport {\n    dryRun\n    deleted\n    blocked\n    blockedReasons\n    bytesFreed\n    models {\n      id\n      name\n      format\n      bytes\n      paths\n      extractionCount\n    }\n  }\n"): (typeof documents)["\n  fragment DeletionReportFields on DeletionReport {\n    dryRun\n    deleted\n    blocked\n    blockedReasons\n    bytesFreed\n    models {\n      id\n      name\n      format\n      bytes\n      paths\n      extractionCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteModel($id: ID!, $dryRun: Boolean) {\n    deleteModel(id: $id, dryRun: $dryRun) {\n      ...DeletionReportFields\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteModel($id: ID!, $dryRun: Boolean) {\n    deleteModel(id: $id, dryRun: $dryRun) {\n      ...DeletionReportFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteUnusedModels($dryRun: Boolean) {\n    deleteUnusedModels(dryRun: $dryRun) {\n      ...DeletionReportFields\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteUnusedModels($dryRun: Boolean) {\n    deleteUnusedModels(dryRun: $dryRun) {\n      ...DeletionReportFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ArchitectureFields on Architecture {\n    modelType\n    architectures\n    supported\n    numLayers\n    hiddenSize\n    numHeads\n    numKvHeads\n    headDim\n    intermediateSize\n    vocabSize\n    maxPositions\n    activation\n    normType\n    parameterCount\n    tiedEmbeddings\n    layers {\n      index\n      kind\n      name\n      parameterCount\n      attention\n      mlp\n    }\n    config\n  }\n"): (typeof documents)["\n  fragment ArchitectureFields on Architecture {\n    modelType\n    architectures\n    supported\n    numLayers\n    hiddenSize\n    numHeads\n    numKvHeads\n    headDim\n    intermediateSize\n    vocabSize\n    maxPositions\n    activation\n    normType\n    parameterCount\n    tiedEmbeddings\n    layers {\n      index\n      kind\n      name\n      parameterCount\n      attention\n      mlp\n    }\n    config\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelDetail($id: ID!) {\n    model(id: $id) {\n      ...ModelItem\n      architecture {\n        ...ArchitectureFields\n      }\n      fidelity {\n        probeTokens\n        entries {\n          layer\n          hook\n          relativeError\n          cosineSimilarity\n          maxAbsError\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ModelDetail($id: ID!) {\n    model(id: $id) {\n      ...ModelItem\n      architecture {\n        ...ArchitectureFields\n      }\n      fidelity {\n        probeTokens\n        entries {\n          layer\n          hook\n          relativeError\n          cosineSimilarity\n          maxAbsError\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompareModels($a: ID!, $b: ID!) {\n    compareModels(a: $a, b: $b) {\n      a {\n        id\n        name\n        format\n        architecture {\n          ...ArchitectureFields\n        }\n      }\n      b {\n        id\n        name\n        format\n        architecture {\n          ...ArchitectureFields\n        }\n      }\n      differences {\n        field\n        a\n        b\n      }\n    }\n  }\n"): (typeof documents)["\n  query CompareModels($a: ID!, $b: ID!) {\n    compareModels(a: $a, b: $b) {\n      a {\n        id\n        name\n        format\n        architecture {\n          ...ArchitectureFields\n        }\n      }\n      b {\n        id\n        name\n        format\n        architecture {\n          ...ArchitectureFields\n        }\n      }\n      differences {\n        field\n        a\n        b\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query System {\n    system {\n      freeDiskBytes\n      totalDiskBytes\n      deviceBudgetBytes\n      memoryTotalBytes\n      queues {\n        queue\n        waiting\n        active\n        delayed\n        failed\n      }\n    }\n  }\n"): (typeof documents)["\n  query System {\n    system {\n      freeDiskBytes\n      totalDiskBytes\n      deviceBudgetBytes\n      memoryTotalBytes\n      queues {\n        queue\n        waiting\n        active\n        delayed\n        failed\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DatasetItem on Dataset {\n    id\n    name\n    source\n    repoId\n    textField\n    status\n    statusMessage\n    sampleCount\n    bytes\n    preview\n    createdAt\n  }\n"): (typeof documents)["\n  fragment DatasetItem on Dataset {\n    id\n    name\n    source\n    repoId\n    textField\n    status\n    statusMessage\n    sampleCount\n    bytes\n    preview\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Datasets {\n    datasets {\n      ...DatasetItem\n    }\n  }\n"): (typeof documents)["\n  query Datasets {\n    datasets {\n      ...DatasetItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DatasetProgress($id: ID!) {\n    datasetProgress(id: $id) {\n      datasetId\n      status\n      percent\n      message\n      errorCode\n      dataset {\n        ...DatasetItem\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription DatasetProgress($id: ID!) {\n    datasetProgress(id: $id) {\n      datasetId\n      status\n      percent\n      message\n      errorCode\n      dataset {\n        ...DatasetItem\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportDataset($input: ImportDatasetInput!) {\n    importDataset(input: $input) {\n      ...DatasetItem\n    }\n  }\n"): (typeof documents)["\n  mutation ImportDataset($input: ImportDatasetInput!) {\n    importDataset(input: $input) {\n      ...DatasetItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteDataset($id: ID!) {\n    deleteDataset(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteDataset($id: ID!) {\n    deleteDataset(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExtractionProgressFields on ExtractionProgress {\n    percent\n    samplesDone\n    samplesTotal\n    tokensPerSecond\n    etaSeconds\n    batchSize\n    message\n    resources {\n      ...ResourceFields\n    }\n    at\n  }\n"): (typeof documents)["\n  fragment ExtractionProgressFields on ExtractionProgress {\n    percent\n    samplesDone\n    samplesTotal\n    tokensPerSecond\n    etaSeconds\n    batchSize\n    message\n    resources {\n      ...ResourceFields\n    }\n    at\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExtractionItem on Extraction {\n    id\n    status\n    statusMessage\n    errorCode\n    layers\n    hookTypes\n    maxSamples\n    batchSize\n    sequenceLength\n    topK\n    storageDType\n    outputPath\n    statistics\n    metrics\n    createdAt\n    completedAt\n    model {\n      id\n      name\n      format\n    }\n    dataset {\n      id\n      name\n    }\n    files {\n      name\n      shape\n      dtype\n      bytes\n    }\n    progress {\n      ...ExtractionProgressFields\n    }\n  }\n"): (typeof documents)["\n  fragment ExtractionItem on Extraction {\n    id\n    status\n    statusMessage\n    errorCode\n    layers\n    hookTypes\n    maxSamples\n    batchSize\n    sequenceLength\n    topK\n    storageDType\n    outputPath\n    statistics\n    metrics\n    createdAt\n    completedAt\n    model {\n      id\n      name\n      format\n    }\n    dataset {\n      id\n      name\n    }\n    files {\n      name\n      shape\n      dtype\n      bytes\n    }\n    progress {\n      ...ExtractionProgressFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Extractions {\n    extractions {\n      ...ExtractionItem\n    }\n  }\n"): (typeof documents)["\n  query Extractions {\n    extractions {\n      ...ExtractionItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ExtractionProgress($id: ID!) {\n    extractionProgress(id: $id) {\n      extractionId\n      status\n      errorCode\n      progress {\n        ...ExtractionProgressFields\n      }\n      extraction {\n        ...ExtractionItem\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ExtractionProgress($id: ID!) {\n    extractionProgress(id: $id) {\n      extractionId\n      status\n      errorCode\n      progress {\n        ...ExtractionProgressFields\n      }\n      extraction {\n        ...ExtractionItem\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExtractionPlan($input: ExtractionInput!) {\n    extractionPlan(input: $input) {\n      storageBytes\n      estimatedSeconds\n      estimateSource\n      freeDiskBytes\n      samples\n      layers\n      warnings\n    }\n  }\n"): (typeof documents)["\n  query ExtractionPlan($input: ExtractionInput!) {\n    extractionPlan(input: $input) {\n      storageBytes\n      estimatedSeconds\n      estimateSource\n      freeDiskBytes\n      samples\n      layers\n      warnings\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartExtraction($input: ExtractionInput!) {\n    startExtraction(input: $input) {\n      ...ExtractionItem\n    }\n  }\n"): (typeof documents)["\n  mutation StartExtraction($input: ExtractionInput!) {\n    startExtraction(input: $input) {\n      ...ExtractionItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelExtraction($id: ID!) {\n    cancelExtraction(id: $id) {\n      ...ExtractionItem\n    }\n  }\n"): (typeof documents)["\n  mutation CancelExtraction($id: ID!) {\n    cancelExtraction(id: $id) {\n      ...ExtractionItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TemplateFields on ExtractionTemplate {\n    id\n    name\n    description\n    layerSelection\n    hookTypes\n    maxSamples\n    batchSize\n    sequenceLength\n    topK\n    storageDType\n    isFavorite\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment TemplateFields on ExtractionTemplate {\n    id\n    name\n    description\n    layerSelection\n    hookTypes\n    maxSamples\n    batchSize\n    sequenceLength\n    topK\n    storageDType\n    isFavorite\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExtractionTemplates {\n    extractionTemplates {\n      ...TemplateFields\n    }\n  }\n"): (typeof documents)["\n  query ExtractionTemplates {\n    extractionTemplates {\n      ...TemplateFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateExtractionTemplate($input: ExtractionTemplateInput!) {\n    createExtractionTemplate(input: $input) {\n      ...TemplateFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateExtractionTemplate($input: ExtractionTemplateInput!) {\n    createExtractionTemplate(input: $input) {\n      ...TemplateFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteExtractionTemplate($id: ID!) {\n    deleteExtractionTemplate(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteExtractionTemplate($id: ID!) {\n    deleteExtractionTemplate(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetExtractionTemplateFavorite($id: ID!, $isFavorite: Boolean!) {\n    setExtractionTemplateFavorite(id: $id, isFavorite: $isFavorite) {\n      ...TemplateFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetExtractionTemplateFavorite($id: ID!, $isFavorite: Boolean!) {\n    setExtractionTemplateFavorite(id: $id, isFavorite: $isFavorite) {\n      ...TemplateFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExportTemplates($ids: [ID!]) {\n    exportTemplates(ids: $ids)\n  }\n"): (typeof documents)["\n  mutation ExportTemplates($ids: [ID!]) {\n    exportTemplates(ids: $ids)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportTemplates($document: JSON!) {\n    importTemplates(document: $document) {\n      imported {\n        ...TemplateFields\n      }\n      skipped {\n        index\n        name\n        reason\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ImportTemplates($document: JSON!) {\n    importTemplates(document: $document) {\n      imported {\n        ...TemplateFields\n      }\n      skipped {\n        index\n        name\n        reason\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;