/** The registry: exactly one handler per job name (the type enforces it; main.ts re-checks). */
import type { HandlerRegistry } from "../runtime/registry.ts";
import { convertModel } from "./convert-model.ts";
import { downloadModel } from "./download-model.ts";
import { extractActivations } from "./extract-activations.ts";
import { importDataset } from "./import-dataset.ts";

export const handlers: HandlerRegistry = {
  "download-model": downloadModel,
  "convert-model": convertModel,
  "extract-activations": extractActivations,
  "import-dataset": importDataset,
};
