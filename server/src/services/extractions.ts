/** Extraction rules: resolving a request (template, layer selection, limits), planning, start, cancel. */
import {
  assertExtractionTransition,
  CodedError,
  type ArchitectureRecord,
  type LayerSelection,
  type ResolvedExtractionConfig,
} from "../../../contracts/src/index.ts";
import type { AppServices } from "../context.ts";
import type { Dataset, Extraction, Model } from "../generated/prisma/client.ts";
import { diskSpace } from "../lib/disk.ts";
import { parseLayerSelection, resolveLayers } from "../lib/layer-selection.ts";
import { isUuid } from "./models.ts";
import { validSettings, type SettingsInput } from "./extraction-settings.ts";
import { findTemplate } from "./templates.ts";
// plan.ts only, never the extraction index: that one loads onnxruntime-node, which the API must not.
import { planExtraction, type CalibrationRecord, type ExtractionPlan } from "../../../worker/src/extraction/plan.ts";

export interface ExtractionInput extends SettingsInput {
  modelId: string;
  datasetId: string;
  layers?: number[] | null;
  layerSelection?: { explicit?: number[] | null; every?: number | null; lastPercent?: number | null } | null;
  templateId?: string | null;
}

interface ResolvedRequest {
  model: Model;
  architecture: ArchitectureRecord;
  dataset: Dataset;
  selection: LayerSelection;
  config: ResolvedExtractionConfig;
}

async function readyModel(app: AppServices, id: string): Promise<{ model: Model; architecture: ArchitectureRecord }> {
  const model = isUuid(id) ? await app.db.model.findUnique({ where: { id } }) : null;
  if (!model) throw new CodedError("NOT_FOUND", "No model with this id.", "input.modelId");
  if (model.status !== "READY" || !model.architecture) throw new CodedError("CONFLICT", `The model is ${model.status}; extractions need a READY model.`, "input.modelId");
  return { model, architecture: model.architecture as unknown as ArchitectureRecord };
}

async function readyDataset(app: AppServices, id: string): Promise<Dataset> {
  const dataset = isUuid(id) ? await app.db.dataset.findUnique({ where: { id } }) : null;
  if (!dataset) throw new CodedError("NOT_FOUND", "No dataset with this id.", "input.datasetId");
  if (dataset.status !== "READY") throw new CodedError("CONFLICT", `The dataset is ${dataset.status}; extractions need a READY dataset.`, "input.datasetId");
  return dataset;
}

/** Request fields win; a template fills what the request leaves unset. */
export async function resolveRequest(app: AppServices, input: ExtractionInput): Promise<ResolvedRequest> {
  const template = input.templateId ? await findTemplate(app, input.templateId, "input.templateId") : null;
  const [{ model, architecture }, dataset] = await Promise.all([readyModel(app, input.modelId), readyDataset(app, input.datasetId)]);
  const selection: LayerSelection = input.layers
    ? parseLayerSelection({ explicit: input.layers }, "input.layers")
    : input.layerSelection
      ? parseLayerSelection(input.layerSelection, "input.layerSelection")
      : template
        ? (template.layerSelection as LayerSelection)
        : (() => {
            throw new CodedError("BAD_USER_INPUT", "Give layers, a layerSelection or a templateId.", "input.layers");
          })();
  const layers = resolveLayers(selection, architecture.numLayers, input.layers ? "input.layers" : "input.layerSelection");
  const settings = validSettings(
    {
      hookTypes: input.hookTypes ?? template?.hookTypes ?? ["RESIDUAL"],
      maxSamples: input.maxSamples !== undefined ? input.maxSamples : template?.maxSamples,
      batchSize: input.batchSize ?? template?.batchSize,
      sequenceLength: input.sequenceLength ?? template?.sequenceLength,
      topK: input.topK ?? template?.topK,
      storageDType: input.storageDType ?? template?.storageDType,
    },
    "input",
    architecture.maxPositions,
  );
  return { model, architecture, dataset, selection, config: { ...settings, hooks: settings.hookTypes, layers } };
}

/**
 * Past runs' throughput on this model variant (the worker stores each run's calibration record
 * in its metrics), newest first: the plan's time estimate is calibrated once one exists.
 */
async function calibrationRecords(app: AppServices, model: Model): Promise<CalibrationRecord[]> {
  const runs = await app.db.extraction.findMany({
    where: { modelId: model.id, status: "COMPLETED" },
    select: { metrics: true },
    orderBy: { completedAt: "desc" },
    take: 20,
  });
  return runs
    .map((run) => (run.metrics as { calibration?: CalibrationRecord } | null)?.calibration)
    .filter((record): record is CalibrationRecord => record !== undefined && record.format === model.format);
}

export async function extractionPlan(app: AppServices, input: ExtractionInput): Promise<ExtractionPlan> {
  const { model, architecture, dataset, config } = await resolveRequest(app, input);
  const [{ free }, calibration] = await Promise.all([diskSpace(app.config.dataDir), calibrationRecords(app, model)]);
  return planExtraction({
    config,
    model: {
      modelId: model.id,
      format: model.format,
      hiddenSize: architecture.hiddenSize,
      intermediateSize: architecture.intermediateSize,
      numLayers: architecture.numLayers,
      maxPositions: architecture.maxPositions,
    },
    datasetSamples: dataset.sampleCount ?? 0,
    freeDiskBytes: free,
    calibration,
  });
}

export async function startExtraction(app: AppServices, input: ExtractionInput): Promise<Extraction> {
  const { model, dataset, selection, config } = await resolveRequest(app, input);
  const extraction = await app.db.extraction.create({
    data: {
      modelId: model.id,
      datasetId: dataset.id,
      status: "QUEUED",
      layers: config.layers,
      hookTypes: config.hooks,
      maxSamples: config.maxSamples,
      batchSize: config.batchSize,
      sequenceLength: config.sequenceLength,
      topK: config.topK,
      storageDType: config.storageDType,
      config: { ...config, selection, templateId: input.templateId ?? null },
    },
  });
  const jobId = await app.queues.enqueue("extract-activations", { extractionId: extraction.id });
  app.log.info({ extractionId: extraction.id, modelId: model.id, jobId, operation: "startExtraction" }, "extraction queued");
  return app.db.extraction.update({ where: { id: extraction.id }, data: { jobId } });
}

export async function findExtraction(app: AppServices, id: string): Promise<Extraction> {
  const extraction = isUuid(id) ? await app.db.extraction.findUnique({ where: { id } }) : null;
  if (!extraction) throw new CodedError("NOT_FOUND", "No extraction with this id.", "id");
  return extraction;
}

/** Queued: removed and CANCELLED at once. Running: signalled; the worker cleans up and writes CANCELLED. */
export async function cancelExtraction(app: AppServices, id: string): Promise<Extraction> {
  const extraction = await findExtraction(app, id);
  assertExtractionTransition(extraction.status, "CANCELLED");
  const outcome = extraction.jobId ? await app.queues.cancel("extract-activations", extraction.jobId, "cancelled by user") : "gone";
  app.log.info({ extractionId: id, operation: "cancelExtraction", outcome }, "cancel requested");
  if (outcome === "signalled") return extraction;
  return app.db.extraction.update({ where: { id, status: extraction.status }, data: { status: "CANCELLED", statusMessage: "Cancelled before it started." } });
}
