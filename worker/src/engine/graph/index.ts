export { ensureTapGraph, tapGraphFileName } from "./tap-graph.ts";
export { buildDecoderModel } from "./decoder.ts";
export { DATA_FILE, MANIFEST_FILE, MODEL_FILE, makeManifest, readManifest, type VariantManifest } from "./manifest.ts";
export type { DataSlice, StoredWeight } from "./weights.ts";
