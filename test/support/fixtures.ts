import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file lives in test/support/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** `shared/` sits beside the project root (on CI: beside the fresh clone). */
export const SHARED_DIR = process.env.SHARED_DIR ?? path.resolve(REPO_ROOT, "../shared");

export const FIXTURE_ARCHS = ["gpt2", "llama", "mistral", "qwen2", "gpt_neox", "phi"] as const;
export type FixtureArch = (typeof FIXTURE_ARCHS)[number];

export const fixtureModelDir = (arch: FixtureArch) => path.join(SHARED_DIR, "fixtures", "models", arch);
export const REFERENCE_SETS = ["plain", "right_padded", "left_padded"] as const;
export type ReferenceSet = (typeof REFERENCE_SETS)[number];
export const referenceDir = (arch: "gpt2" | "llama", set: ReferenceSet) => path.join(fixtureModelDir(arch), "reference", set);
