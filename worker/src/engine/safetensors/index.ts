export { openCheckpoint, INDEX_FILE, SINGLE_FILE, type ReusableCheckpoint } from "./checkpoint.ts";
export { describeHeader, parseHeaderBytes, readHeaderLength, MAX_HEADER_BYTES, type HeaderTensor, type ParsedHeader } from "./header.ts";
export { encodeHeader, writeSafetensors, tensorByteLength, type TensorToWrite } from "./writer.ts";
