/**
 * config.json → NormalizedConfig through one table of field aliases (first present wins), so a
 * family differs only in its defaults, never in code.
 */
import { CodedError } from "../../../../contracts/src/index.ts";
import type { NormalizedConfig } from "../contracts.ts";
import { findFamily } from "./registry.ts";

type RawConfig = Readonly<Record<string, unknown>>;

const ALIASES = {
  numLayers: ["num_hidden_layers", "n_layer", "num_layers"],
  hiddenSize: ["hidden_size", "n_embd", "d_model"],
  numHeads: ["num_attention_heads", "n_head"],
  numKvHeads: ["num_key_value_heads", "multi_query_group_num"],
  headDim: ["head_dim"],
  intermediateSize: ["intermediate_size", "n_inner", "ffn_dim"],
  vocabSize: ["vocab_size"],
  maxPositions: ["max_position_embeddings", "n_positions", "n_ctx"],
  activation: ["hidden_act", "activation_function"],
  normEpsilon: ["rms_norm_eps", "layer_norm_epsilon", "layer_norm_eps"],
  ropeTheta: ["rope_theta", "rotary_emb_base"],
  rotaryFraction: ["partial_rotary_factor", "rotary_pct"],
  tiedEmbeddings: ["tie_word_embeddings"],
  slidingWindow: ["sliding_window"],
} as const satisfies Record<string, readonly string[]>;

type Field = keyof typeof ALIASES;

/** The first alias present with a non-null value. */
function pick(raw: RawConfig, field: Field): unknown {
  for (const key of ALIASES[field]) if (raw[key] !== undefined && raw[key] !== null) return raw[key];
  return undefined;
}

function positiveInt(raw: RawConfig, field: Field, fallback?: number): number {
  const value = pick(raw, field) ?? fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new CodedError("BAD_USER_INPUT", `config.json has no valid ${field} (looked for ${ALIASES[field].join(", ")}; found ${JSON.stringify(value)}).`);
  }
  return value;
}

function optionalNumber(raw: RawConfig, field: Field): number | undefined {
  const value = pick(raw, field);
  return typeof value === "number" ? value : undefined;
}

export function normalizeConfig(configJson: unknown): NormalizedConfig {
  if (typeof configJson !== "object" || configJson === null || Array.isArray(configJson)) {
    throw new CodedError("BAD_USER_INPUT", "config.json is not a JSON object.");
  }
  const raw = configJson as RawConfig;
  const family = findFamily(raw);
  const hiddenSize = positiveInt(raw, "hiddenSize");
  const numHeads = positiveInt(raw, "numHeads");
  const headDim = positiveInt(raw, "headDim", hiddenSize / numHeads);
  const rotary = family ? family.positions === "rotary" : pick(raw, "ropeTheta") !== undefined;
  const ropeTheta = rotary ? (optionalNumber(raw, "ropeTheta") ?? 10_000) : null;
  const rotaryFraction = optionalNumber(raw, "rotaryFraction") ?? 1;
  // Qwen2 keeps sliding_window in the config but only uses it when use_sliding_window is true.
  const slidingWindow = raw.use_sliding_window === false ? undefined : optionalNumber(raw, "slidingWindow");
  const mlpRatio = family?.defaults.mlpRatio;
  return {
    modelType: typeof raw.model_type === "string" ? raw.model_type : "",
    architectures: Array.isArray(raw.architectures) ? raw.architectures.filter((a): a is string => typeof a === "string") : [],
    numLayers: positiveInt(raw, "numLayers"),
    hiddenSize,
    numHeads,
    numKvHeads: positiveInt(raw, "numKvHeads", numHeads),
    headDim,
    intermediateSize: positiveInt(raw, "intermediateSize", mlpRatio ? mlpRatio * hiddenSize : undefined),
    vocabSize: positiveInt(raw, "vocabSize"),
    maxPositions: positiveInt(raw, "maxPositions"),
    activation: String(pick(raw, "activation") ?? family?.defaults.activation ?? "unknown"),
    normEpsilon: optionalNumber(raw, "normEpsilon") ?? 1e-5,
    ropeTheta,
    // HF computes int(head_dim * fraction) (rotary_ndims in GPT-NeoX and Phi).
    rotaryDim: rotary ? Math.floor(headDim * rotaryFraction) : null,
    tiedEmbeddings: typeof pick(raw, "tiedEmbeddings") === "boolean" ? (pick(raw, "tiedEmbeddings") as boolean) : (family?.defaults.tiedEmbeddings ?? true),
    slidingWindow: slidingWindow ?? null,
    raw,
  };
}
