export { normalizeConfig } from "./config.ts";
export { classifyTensors, describeModel } from "./describe.ts";
export { FAMILIES, findFamily, resolveFamily, SUPPORTED_FAMILIES_TEXT } from "./registry.ts";
export type { ActivationKind, CanonicalWeight, FamilyDescriptor, ModelDescription } from "./descriptor.ts";
