/** The .npy files an extraction produces: one list used by the plan (sizes) and the run (writers). */
import { tapFileName, tapName, type HookType, type ResolvedExtractionConfig } from "../../../contracts/src/index.ts";
import { npyWriterHeader, npyItemBytes, type NpyDType } from "./npy.ts";

export const INPUT_IDS_FILE = "input_ids.npy";
export const ATTENTION_MASK_FILE = "attention_mask.npy";

export interface PlannedFile {
  readonly name: string;
  readonly dtype: NpyDType;
  readonly shape: number[];
  /** Exact size on disk: header + data. */
  readonly bytes: number;
  /** Set for activation files: the graph output that fills it. */
  readonly tap?: { readonly layer: number; readonly hook: HookType; readonly output: string };
}

function planned(name: string, dtype: NpyDType, shape: number[], tap?: PlannedFile["tap"]): PlannedFile {
  const bytes = npyWriterHeader(dtype, shape).length + shape.reduce((a, b) => a * b, 1) * npyItemBytes(dtype);
  return tap ? { name, dtype, shape, bytes, tap } : { name, dtype, shape, bytes };
}

/** Token ids and mask first, then layer × hook in layer order. */
export function extractionFiles(config: ResolvedExtractionConfig, samples: number, hidden: number): PlannedFile[] {
  const seq = config.sequenceLength;
  const files = [planned(INPUT_IDS_FILE, "int64", [samples, seq]), planned(ATTENTION_MASK_FILE, "int64", [samples, seq])];
  for (const layer of config.layers) {
    for (const hook of config.hooks) {
      files.push(planned(tapFileName(layer, hook), config.storageDType, [samples, seq, hidden], { layer, hook, output: tapName(layer, hook) }));
    }
  }
  return files;
}
