/**
 * The only place a family is registered: config.json `model_type` or `architectures[0]` →
 * descriptor. Anything else is refused with INCOMPATIBLE (viewable, not convertible).
 */
import { CodedError } from "../../../../contracts/src/index.ts";
import type { FamilyDescriptor } from "./descriptor.ts";
import { gpt2 } from "./gpt2.ts";
import { gptNeox } from "./gpt_neox.ts";
import { llama } from "./llama.ts";
import { mistral } from "./mistral.ts";
import { phi } from "./phi.ts";
import { qwen2 } from "./qwen2.ts";

export const FAMILIES: readonly FamilyDescriptor[] = [gpt2, llama, mistral, qwen2, gptNeox, phi];

/** Encoder-only and encoder-decoder model types, named so their refusal can say why. */
const NON_CAUSAL_MODEL_TYPES = new Set([
  "bert", "roberta", "xlm-roberta", "distilbert", "albert", "electra", "deberta", "deberta-v2", "mpnet",
  "camembert", "modernbert", "t5", "mt5", "bart", "mbart", "pegasus", "marian", "whisper",
]);

type RawConfig = Readonly<Record<string, unknown>>;

function architectureName(raw: RawConfig): string | undefined {
  return Array.isArray(raw.architectures) && typeof raw.architectures[0] === "string" ? raw.architectures[0] : undefined;
}

/** The family a config belongs to, or undefined. */
export function findFamily(raw: RawConfig): FamilyDescriptor | undefined {
  const modelType = typeof raw.model_type === "string" ? raw.model_type : undefined;
  const architecture = architectureName(raw);
  return FAMILIES.find((f) => (modelType !== undefined && f.modelTypes.includes(modelType)) || (architecture !== undefined && f.architectures.includes(architecture)));
}

export const SUPPORTED_FAMILIES_TEXT = FAMILIES.map((f) => f.family).join(", ");

/** The family a config belongs to; CodedError("INCOMPATIBLE") naming it when there is none. */
export function resolveFamily(raw: RawConfig): FamilyDescriptor {
  const family = findFamily(raw);
  if (family) {
    const reason = family.unsupported?.(raw);
    if (reason) throw new CodedError("INCOMPATIBLE", `This ${family.family} checkpoint uses ${reason}, which the converter does not support.`);
    return family;
  }
  const modelType = typeof raw.model_type === "string" ? raw.model_type : "(no model_type)";
  const name = `${modelType}${architectureName(raw) ? ` (${architectureName(raw)})` : ""}`;
  const isEncoder = NON_CAUSAL_MODEL_TYPES.has(modelType) || /ForMaskedLM|ForSequenceClassification|Encoder|Seq2Seq/.test(architectureName(raw) ?? "");
  const why = isEncoder
    ? " It is an encoder (or encoder-decoder) model: it has no causal residual stream to tap, so activations with TransformerLens meanings cannot be extracted."
    : "";
  throw new CodedError(
    "INCOMPATIBLE",
    `Architecture ${name} is not supported for conversion.${why} Supported decoder-only families: ${SUPPORTED_FAMILIES_TEXT}. The model stays viewable.`,
  );
}
