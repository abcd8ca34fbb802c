export { validateVariant, type ValidationResult } from "./validate.ts";
export { compareActivations, fidelityReport, type Comparison, type FidelityEntry, type FidelityReport } from "./fidelity.ts";
export { makeProbe, runProbe, SESSION_OPTIONS, type ProbeInput } from "./probe.ts";
