/**
 * What differs between decoder-only families, as data. A family file fills one
 * `FamilyDescriptor`; `describeModel` turns it plus a config and a tensor list into the
 * `ModelDescription` that the graph builder and the converter read. New family: copy the nearest
 * file, adjust names and flags, add one line to the registry.
 */
import type { WeightRole } from "../contracts.ts";

type RawConfig = Readonly<Record<string, unknown>>;

export type NormKind = "layernorm" | "rmsnorm";
export type ActivationKind = "gelu_tanh" | "gelu_erf" | "silu" | "relu";

/**
 * How the query/key/value projections are stored:
 * - separate: three Linear modules (q, k, v);
 * - fused: one module whose outputs are q | k | v (GPT-2's c_attn);
 * - fused_head_interleaved: one module whose outputs are [heads, 3, head_dim] (GPT-NeoX).
 */
export type QkvStorage =
  | { readonly kind: "separate"; readonly q: string; readonly k: string; readonly v: string }
  | { readonly kind: "fused"; readonly module: string }
  | { readonly kind: "fused_head_interleaved"; readonly module: string };

/** Module paths (without `.weight`/`.bias`); `{L}` is the layer index. */
export interface FamilyTensorNames {
  readonly embedding: string;
  readonly positionEmbedding?: string;
  readonly finalNorm: string;
  /** Ignored when embeddings are tied. */
  readonly lmHead: string;
  readonly attnNorm: string;
  /** Absent when attention and MLP share one norm (phi). */
  readonly mlpNorm?: string;
  readonly qkv: QkvStorage;
  readonly attnOut: string;
  readonly mlpUp: string;
  /** Present for gated (SwiGLU) MLPs: down(act(gate(x)) * up(x)). */
  readonly mlpGate?: string;
  readonly mlpDown: string;
}

export interface BiasFlags {
  readonly qkv: boolean;
  readonly attnOut: boolean;
  readonly mlp: boolean;
  readonly lmHead: boolean;
}

export interface FamilyDescriptor {
  readonly family: string;
  /** config.json `model_type` values and `architectures[0]` class names that mean this family. */
  readonly modelTypes: readonly string[];
  readonly architectures: readonly string[];
  readonly tensors: FamilyTensorNames;
  /** Checkpoints saved from the base model (not the *ForCausalLM) lack this prefix; both are read. */
  readonly optionalPrefix?: string;
  /** nn.Linear stores [out, in]; GPT-2's Conv1D stores [in, out]. */
  readonly linearLayout: "out_in" | "in_out";
  readonly norm: NormKind;
  /** LayerNorm with a bias (RMSNorm never has one). */
  readonly normBias: boolean;
  readonly positions: "learned" | "rotary";
  readonly parallelResidual: (raw: RawConfig) => boolean;
  readonly biases: (raw: RawConfig) => BiasFlags;
  /** Multiplier of the attention scores of layer L (default 1/sqrt(head_dim)). */
  readonly attentionScale?: (raw: RawConfig, layer: number, headDim: number) => number;
  /** Whether layer L applies the config's sliding window, when the config enables one (default: every layer, as Mistral). */
  readonly slidingWindowLayer?: (raw: RawConfig, layer: number) => boolean;
  /** Defaults for fields this family's config classes leave out. */
  readonly defaults: { readonly tiedEmbeddings: boolean; readonly activation?: string; readonly mlpRatio?: number };
  /** Options of this family that the graph does not implement; returns a reason to refuse. */
  readonly unsupported?: (raw: RawConfig) => string | undefined;
}

/** One weight as the graph sees it, assembled from one or more checkpoint tensors. */
export interface CanonicalWeight {
  /** e.g. `layers.3.attn.qkv.weight`, `embed_tokens`, `lm_head.weight`. */
  readonly key: string;
  readonly role: WeightRole;
  /** Linears: [N (out), K (in)]; tables: [rows, hidden]; vectors: [n]. */
  readonly shape: readonly number[];
  /** Linears: concatenated along N in this order; vectors: concatenated. */
  readonly sources: readonly { readonly name: string; readonly layout: "out_in" | "in_out" | "vector" }[];
  /** Fused head-interleaved q/k/v rows ([heads, 3, head_dim]) reordered to q | k | v. */
  readonly headInterleaved?: { readonly numHeads: number; readonly headDim: number };
}

export interface ModelDescription {
  readonly family: string;
  readonly numLayers: number;
  readonly hiddenSize: number;
  readonly vocabSize: number;
  readonly norm: { readonly kind: NormKind; readonly epsilon: number; readonly bias: boolean };
  readonly positions: "learned" | "rotary";
  /** Rotate-half (NeoX) rotary on the first `dim` dimensions of each head. */
  readonly rotary: { readonly dim: number; readonly theta: number; readonly linearScale: number } | null;
  readonly parallelResidual: boolean;
  /** Phi: the MLP reads the attention's norm output. */
  readonly sharedNorm: boolean;
  readonly attention: {
    readonly numHeads: number;
    readonly numKvHeads: number;
    readonly headDim: number;
    /** Per layer. */
    readonly scales: readonly number[];
    /** Per layer: the sliding-window size, or null for full causal attention. */
    readonly slidingWindows: readonly (number | null)[];
    readonly qkvBias: boolean;
    readonly outBias: boolean;
  };
  readonly mlp: { readonly gated: boolean; readonly activation: ActivationKind; readonly bias: boolean; readonly intermediateSize: number };
  readonly tiedEmbeddings: boolean;
  readonly lmHeadBias: boolean;
  readonly weights: readonly CanonicalWeight[];
}
