/**
 * Which files of a repo the product downloads. Pure: works on the file tree only.
 *
 * Weights are taken only as safetensors. Pickled PyTorch weights (.bin/.pt/.pth) can run arbitrary
 * code when loaded (what `torch.load(weights_only=True)` exists to prevent), so they are never
 * fetched, and a repo that has nothing else is refused.
 */
import { CodedError } from "../../../contracts/src/index.ts";
import type { RepoFile } from "./list-repo-files.ts";

export const SAFETENSORS_INDEX = "model.safetensors.index.json";
export const SAFETENSORS_SINGLE = "model.safetensors";

/** Files besides the weights that the converter and the tokenizer need, when the repo has them. */
export const COMPANION_FILES: readonly string[] = [
  "config.json",
  "generation_config.json",
  "tokenizer.json",
  "tokenizer_config.json",
  "special_tokens_map.json",
  "vocab.json",
  "vocab.txt",
  "merges.txt",
  "tokenizer.model",
];

const PICKLE_WEIGHTS = /\.(bin|pt|pth|ckpt)$/;

export interface WeightsSelection {
  /** What to read headers from: the index when the checkpoint is sharded, else the single file. */
  readonly weightsPath: string;
  readonly companions: readonly RepoFile[];
}

export function selectWeightsAndCompanions(repoId: string, tree: readonly RepoFile[]): WeightsSelection {
  // Only top-level files: sub-folders hold other exports (onnx/, original/, gguf/) we do not use.
  const root = new Map(tree.filter((file) => !file.path.includes("/")).map((file) => [file.path, file]));
  if (!root.has("config.json")) {
    throw new CodedError("INCOMPATIBLE", `${repoId} has no config.json at its top level, so it is not a transformers model.`, "repoId");
  }
  const weightsPath = root.has(SAFETENSORS_INDEX) ? SAFETENSORS_INDEX : root.has(SAFETENSORS_SINGLE) ? SAFETENSORS_SINGLE : undefined;
  if (weightsPath === undefined) {
    const pickles = [...root.keys()].filter((path) => PICKLE_WEIGHTS.test(path));
    const reason =
      pickles.length > 0
        ? `${repoId} publishes its weights only as pickled PyTorch files (${pickles.slice(0, 3).join(", ")}). Loading a pickle can execute arbitrary code (the reason torch.load has weights_only), so they are never downloaded. Use a repository that provides model.safetensors.`
        : `${repoId} has no ${SAFETENSORS_SINGLE} or ${SAFETENSORS_INDEX}; only safetensors checkpoints can be converted.`;
    throw new CodedError("INCOMPATIBLE", reason, "repoId");
  }
  const companions = COMPANION_FILES.flatMap((path) => {
    const file = root.get(path);
    return file ? [file] : [];
  });
  return { weightsPath, companions };
}

/** The shards named by the headers, looked up in the tree (a shard the tree lacks is a broken repo). */
export function shardFiles(repoId: string, tree: readonly RepoFile[], weightsPath: string, shardNames: Iterable<string>): RepoFile[] {
  const byPath = new Map(tree.map((file) => [file.path, file]));
  const names = weightsPath === SAFETENSORS_INDEX ? [SAFETENSORS_INDEX, ...new Set(shardNames)] : [weightsPath];
  return names.map((name) => {
    const file = byPath.get(name);
    if (!file) throw new CodedError("INCOMPATIBLE", `${repoId}'s safetensors index names ${name}, which the repository does not contain.`, "repoId");
    return file;
  });
}
