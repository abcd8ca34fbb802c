export { convertCheckpoint, type ConversionProgress, type ConversionResult, type ConvertOptions } from "./convert.ts";
export { QUANTIZATION_CONFIG_FILE, type QuantizationConfig } from "./quantization-config.ts";
