export * from "./errors.ts";
export * from "./formats.ts";
export * from "./hooks.ts";
export * from "./jobs.ts";
export * from "./progress.ts";
export * from "./status.ts";
export * from "./records.ts";
