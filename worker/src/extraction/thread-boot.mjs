// Entry of the inference thread. Worker threads do not inherit the TypeScript loader of the
// process (tsx, vitest), so this plain module registers tsx and then loads the real entry.
import { workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

await tsImport(workerData.entry, import.meta.url);
