/**
 * The two engine functions a plan needs, behind one seam: the tensor roles (architectures/) and
 * the per-format sizes (estimate/). The plan never reasons about architectures itself.
 */
import type { FormatEstimate, RoledTensor, TensorInfo } from "../engine/contracts.ts";
import { classifyTensors, normalizeConfig } from "../engine/architectures/index.ts";
import { estimateFormats } from "../engine/estimate/index.ts";

export interface PlanEngine {
  /** Throws a CodedError (INCOMPATIBLE, BAD_USER_INPUT) when the checkpoint cannot be converted. */
  classify(config: Readonly<Record<string, unknown>>, tensors: readonly TensorInfo[]): { roled: RoledTensor[]; tiedEmbeddings: boolean };
  estimate(roled: readonly RoledTensor[], tiedEmbeddings: boolean): FormatEstimate[];
}

export const ENGINE: PlanEngine = {
  classify: (config, tensors) => ({ roled: classifyTensors(config, tensors), tiedEmbeddings: normalizeConfig(config).tiedEmbeddings }),
  estimate: (roled, tiedEmbeddings) => estimateFormats(roled, tiedEmbeddings),
};
