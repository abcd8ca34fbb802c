import { DATASET_STATUSES, EXTRACTION_STATUSES, HOOK_TYPES, MODEL_STATUSES, QUANTIZATION_FORMATS } from "../../../contracts/src/index.ts";
import { builder } from "../builder.ts";

export const QuantizationFormatEnum = builder.enumType("QuantizationFormat", { values: QUANTIZATION_FORMATS });
export const HookTypeEnum = builder.enumType("HookType", { values: HOOK_TYPES });
export const ModelStatusEnum = builder.enumType("ModelStatus", { values: MODEL_STATUSES });
export const ExtractionStatusEnum = builder.enumType("ExtractionStatus", { values: EXTRACTION_STATUSES });
export const DatasetStatusEnum = builder.enumType("DatasetStatus", { values: DATASET_STATUSES });
export const ModelEventKindEnum = builder.enumType("ModelEventKind", { values: ["CREATED", "UPDATED", "DELETED"] as const });
export const FitVerdictEnum = builder.enumType("FitVerdict", { values: ["GREEN", "YELLOW", "RED"] as const });
