export { compareArchitectures, inspectArchitecture, type ArchitectureDifference } from "./inspect-architecture.ts";
