/**
 * Hook points, with TransformerLens meanings. The API speaks HookType, graphs name their outputs
 * with TransformerLens names, and files on disk use the short names; this table is the only map.
 */
export const HOOK_TYPES = ["RESIDUAL", "MLP", "ATTENTION"] as const;
export type HookType = (typeof HOOK_TYPES)[number];

export interface HookSpec {
  readonly type: HookType;
  /** Suffix in `layer_{L}_{file}.npy`. */
  readonly file: "residual" | "mlp" | "attention";
  /** TransformerLens hook name inside block L. */
  readonly transformerLens: "hook_resid_post" | "hook_mlp_out" | "hook_attn_out";
  readonly meaning: string;
}

export const HOOKS: Readonly<Record<HookType, HookSpec>> = {
  RESIDUAL: {
    type: "RESIDUAL",
    file: "residual",
    transformerLens: "hook_resid_post",
    meaning: "the decoder block's output: the residual stream after the block's attention and MLP were added",
  },
  MLP: {
    type: "MLP",
    file: "mlp",
    transformerLens: "hook_mlp_out",
    meaning: "the MLP module's output (after its down/output projection and bias), before it is added to the residual",
  },
  ATTENTION: {
    type: "ATTENTION",
    file: "attention",
    transformerLens: "hook_attn_out",
    meaning: "the attention module's output after its output projection (and bias), before the residual add",
  },
};

/** Graph output name of a tap, e.g. `blocks.3.hook_resid_post`. */
export function tapName(layer: number, hook: HookType): string {
  return `blocks.${layer}.${HOOKS[hook].transformerLens}`;
}

/** File name of an extracted tap, e.g. `layer_3_residual.npy`. */
export function tapFileName(layer: number, hook: HookType): string {
  return `layer_${layer}_${HOOKS[hook].file}.npy`;
}
