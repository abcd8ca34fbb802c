/**
 * Every GraphQL operation the web client sends, as typed documents (graphql-codegen client preset).
 * Operation names mirror the public API so server logs and the SDK read the same.
 */
import { graphql } from "../gql/index.js";

export const ResourceFieldsFragment = graphql(`
  fragment ResourceFields on ResourceSample {
    at
    cpuPercent
    rssBytes
    gpuPercent
    gpuMemoryBytes
  }
`);

export const ModelProgressFieldsFragment = graphql(`
  fragment ModelProgressFields on ModelProgress {
    phase
    percent
    bytesDone
    bytesTotal
    speed
    etaSeconds
    currentFile
    message
    resources {
      ...ResourceFields
    }
    at
  }
`);

export const ModelItemFragment = graphql(`
  fragment ModelItem on Model {
    id
    repoId
    name
    revision
    format
    requestedFormat
    fallbackReason
    status
    statusMessage
    errorCode
    architectureName
    parameterCount
    diskBytes
    estimatedMemoryBytes
    measuredMemoryBytes
    extractionCount
    createdAt
    updatedAt
    sourceModel {
      id
      name
    }
    progress {
      ...ModelProgressFields
    }
  }
`);

export const ModelsQuery = graphql(`
  query Models($first: Int, $after: String) {
    models(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...ModelItem
        }
      }
    }
  }
`);

export const ModelEventsSubscription = graphql(`
  subscription ModelEvents {
    modelEvents {
      kind
      modelId
      model {
        ...ModelItem
      }
    }
  }
`);

export const ModelProgressSubscription = graphql(`
  subscription ModelProgress($id: ID!) {
    modelProgress(id: $id) {
      modelId
      status
      errorCode
      progress {
        ...ModelProgressFields
      }
      model {
        ...ModelItem
      }
    }
  }
`);

export const ModelPlanQuery = graphql(`
  query ModelPlan($repoId: String!, $accessToken: String) {
    modelPlan(repoId: $repoId, accessToken: $accessToken) {
      repoId
      revision
      architecture
      supported
      unsupportedReason
      downloadBytes
      parameterCount
      deviceBudgetBytes
      freeDiskBytes
      requiredDiskBytes
      warnings
      formats {
        format
        diskBytes
        memoryBytes
        bitsPerWeight
        breakdown
        fit
        recommended
      }
    }
  }
`);

export const DownloadModelMutation = graphql(`
  mutation DownloadModel($input: DownloadModelInput!) {
    downloadModel(input: $input) {
      jobId
      model {
        ...ModelItem
      }
    }
  }
`);

export const RetryModelDownloadMutation = graphql(`
  mutation RetryModelDownload($id: ID!, $accessToken: String) {
    retryModelDownload(id: $id, accessToken: $accessToken) {
      jobId
      model {
        ...ModelItem
      }
    }
  }
`);

export const CancelModelJobMutation = graphql(`
  mutation CancelModelJob($id: ID!) {
    cancelModelJob(id: $id) {
      ...ModelItem
    }
  }
`);

export const RequantizeModelMutation = graphql(`
  mutation RequantizeModel($id: ID!, $quantization: String!) {
    requantizeModel(id: $id, quantization: $quantization) {
      jobId
      model {
        ...ModelItem
      }
    }
  }
`);

export const DeletionReportFieldsFragment = graphql(`
  fragment DeletionReportFields on DeletionReport {
    dryRun
    deleted
    blocked
    blockedReasons
    bytesFreed
    models {
      id
      name
      format
      bytes
      paths
      extractionCount
    }
  }
`);

export const DeleteModelMutation = graphql(`
  mutation DeleteModel($id: ID!, $dryRun: Boolean) {
    deleteModel(id: $id, dryRun: $dryRun) {
      ...DeletionReportFields
    }
  }
`);

export const DeleteUnusedModelsMutation = graphql(`
  mutation DeleteUnusedModels($dryRun: Boolean) {
    deleteUnusedModels(dryRun: $dryRun) {
      ...DeletionReportFields
    }
  }
`);

export const ArchitectureFieldsFragment = graphql(`
  fragment ArchitectureFields on Architecture {
    modelType
    architectures
    supported
    numLayers
    hiddenSize
    numHeads
    numKvHeads
    headDim
    intermediateSize
    vocabSize
    maxPositions
    activation
    normType
    parameterCount
    tiedEmbeddings
    layers {
      index
      kind
      name
      parameterCount
      attention
      mlp
    }
    config
  }
`);

export const ModelDetailQuery = graphql(`
  query ModelDetail($id: ID!) {
    model(id: $id) {
      ...ModelItem
      architecture {
        ...ArchitectureFields
      }
      fidelity {
        probeTokens
        entries {
          layer
          hook
          relativeError
          cosineSimilarity
          maxAbsError
        }
      }
    }
  }
`);

export const CompareModelsQuery = graphql(`
  query CompareModels($a: ID!, $b: ID!) {
    compareModels(a: $a, b: $b) {
      a {
        id
        name
        format
        architecture {
          ...ArchitectureFields
        }
      }
      b {
        id
        name
        format
        architecture {
          ...ArchitectureFields
        }
      }
      differences {
        field
        a
        b
      }
    }
  }
`);

export const SystemQuery = graphql(`
  query System {
    system {
      freeDiskBytes
      totalDiskBytes
      deviceBudgetBytes
      memoryTotalBytes
      queues {
        queue
        waiting
        active
        delayed
        failed
      }
    }
  }
`);

export const DatasetItemFragment = graphql(`
  fragment DatasetItem on Dataset {
    id
    name
    source
    repoId
    textField
    status
    statusMessage
    sampleCount
    bytes
    preview
    createdAt
  }
`);

export const DatasetsQuery = graphql(`
  query Datasets {
    datasets {
      ...DatasetItem
    }
  }
`);

export const DatasetProgressSubscription = graphql(`
  subscription DatasetProgress($id: ID!) {
    datasetProgress(id: $id) {
      datasetId
      status
      percent
      message
      errorCode
      dataset {
        ...DatasetItem
      }
    }
  }
`);

export const ImportDatasetMutation = graphql(`
  mutation ImportDataset($input: ImportDatasetInput!) {
    importDataset(input: $input) {
      ...DatasetItem
    }
  }
`);

export const DeleteDatasetMutation = graphql(`
  mutation DeleteDataset($id: ID!) {
    deleteDataset(id: $id)
  }
`);

export const ExtractionProgressFieldsFragment = graphql(`
  fragment ExtractionProgressFields on ExtractionProgress {
    percent
    samplesDone
    samplesTotal
    tokensPerSecond
    etaSeconds
    batchSize
    message
    resources {
      ...ResourceFields
    }
    at
  }
`);

export const ExtractionItemFragment = graphql(`
  fragment ExtractionItem on Extraction {
    id
    status
    statusMessage
    errorCode
    layers
    hookTypes
    maxSamples
    batchSize
    sequenceLength
    topK
    storageDType
    outputPath
    statistics
    metrics
    createdAt
    completedAt
    model {
      id
      name
      format
    }
    dataset {
      id
      name
    }
    files {
      name
      shape
      dtype
      bytes
    }
    progress {
      ...ExtractionProgressFields
    }
  }
`);

export const ExtractionsQuery = graphql(`
  query Extractions {
    extractions {
      ...ExtractionItem
    }
  }
`);

export const ExtractionProgressSubscription = graphql(`
  subscription ExtractionProgress($id: ID!) {
    extractionProgress(id: $id) {
      extractionId
      status
      errorCode
      progress {
        ...ExtractionProgressFields
      }
      extraction {
        ...ExtractionItem
      }
    }
  }
`);

export const ExtractionPlanQuery = graphql(`
  query ExtractionPlan($input: ExtractionInput!) {
    extractionPlan(input: $input) {
      storageBytes
      estimatedSeconds
      estimateSource
      freeDiskBytes
      samples
      layers
      warnings
    }
  }
`);

export const StartExtractionMutation = graphql(`
  mutation StartExtraction($input: ExtractionInput!) {
    startExtraction(input: $input) {
      ...ExtractionItem
    }
  }
`);

export const CancelExtractionMutation = graphql(`
  mutation CancelExtraction($id: ID!) {
    cancelExtraction(id: $id) {
      ...ExtractionItem
    }
  }
`);

export const TemplateFieldsFragment = graphql(`
  fragment TemplateFields on ExtractionTemplate {
    id
    name
    description
    layerSelection
    hookTypes
    maxSamples
    batchSize
    sequenceLength
    topK
    storageDType
    isFavorite
    createdAt
    updatedAt
  }
`);

export const ExtractionTemplatesQuery = graphql(`
  query ExtractionTemplates {
    extractionTemplates {
      ...TemplateFields
    }
  }
`);

export const CreateExtractionTemplateMutation = graphql(`
  mutation CreateExtractionTemplate($input: ExtractionTemplateInput!) {
    createExtractionTemplate(input: $input) {
      ...TemplateFields
    }
  }
`);

export const DeleteExtractionTemplateMutation = graphql(`
  mutation DeleteExtractionTemplate($id: ID!) {
    deleteExtractionTemplate(id: $id)
  }
`);

export const SetExtractionTemplateFavoriteMutation = graphql(`
  mutation SetExtractionTemplateFavorite($id: ID!, $isFavorite: Boolean!) {
    setExtractionTemplateFavorite(id: $id, isFavorite: $isFavorite) {
      ...TemplateFields
    }
  }
`);

export const ExportTemplatesMutation = graphql(`
  mutation ExportTemplates($ids: [ID!]) {
    exportTemplates(ids: $ids)
  }
`);

export const ImportTemplatesMutation = graphql(`
  mutation ImportTemplates($document: JSON!) {
    importTemplates(document: $document) {
      imported {
        ...TemplateFields
      }
      skipped {
        index
        name
        reason
      }
    }
  }
`);
