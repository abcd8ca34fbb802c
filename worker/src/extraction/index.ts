/** What job handlers and the API use from extraction (everything else is internal). */
export { runExtractionProcess } from "./extraction-process.ts";
export { extractActivations, type ExtractionModel, type TokenSource } from "./pipeline.ts";
export { discardExtraction, workDirFor } from "./work-dir.ts";
export type { ExtractionProgress } from "./progress.ts";
export { planExtraction, estimateTokensPerSecond, type CalibrationRecord, type ExtractionPlan, type PlanInput, type PlanModel } from "./plan.ts";
export { validateExtractionConfig, MAX_BATCH_SIZE, type ModelLimits } from "./config.ts";
export { readCompletedExtraction, type ExtractionResult, type ExtractionFileInfo, type ExtractionMetrics, type StatisticsDocument } from "./documents.ts";
export { NpyWriter, readNpy, parseNpy, parseNpyHeader, npyHeader, type NpyArray, type NpyDType } from "./npy.ts";
export { loadModelTokenizer, packBatch, type ModelTokenizer, type TokenBatch, type PaddingSide } from "./tokenize.ts";
export { ResourceSampler } from "./resources.ts";
export { SESSION_OPTIONS, INTRA_OP_THREADS } from "./session-options.ts";
