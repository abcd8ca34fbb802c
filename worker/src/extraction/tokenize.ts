/**
 * Tokenization with the model's own tokenizer files, matching what HuggingFace's
 * `tokenizer(texts, truncation=True, max_length=S, padding="max_length")` produces: special
 * tokens added by the tokenizer's post-processor (BOS for Llama, nothing for GPT-2), text
 * truncated so the specials survive, then padded to exactly S with an attention mask.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { CodedError } from "../../../contracts/src/index.ts";

export type PaddingSide = "right" | "left";

export interface TokenizerDescription {
  readonly tokenizerClass: string | null;
  readonly files: string[];
  readonly padTokenId: number;
  /** Where the pad id came from: HF falls back to EOS for decoder-only models without a pad token. */
  readonly padTokenSource: "pad_token" | "tokenizer.json padding" | "eos_token" | "config.json eos_token_id";
  /** Special token ids the post-processor puts before / after every text. */
  readonly prefixIds: number[];
  readonly suffixIds: number[];
}

export interface ModelTokenizer {
  readonly description: TokenizerDescription;
  /** Token ids of one text with specials, truncated to at most `sequenceLength`. */
  encode(text: string, sequenceLength: number): number[];
}

/** One padded batch as the tap graph takes it. */
export interface TokenBatch {
  readonly rows: number;
  readonly sequenceLength: number;
  /** int64 [rows, sequenceLength]. */
  readonly inputIds: BigInt64Array;
  /** int64 [rows, sequenceLength], 1 = real token. */
  readonly attentionMask: BigInt64Array;
  /** Number of 1s in the mask. */
  readonly realTokens: number;
}

type JsonObject = Record<string, unknown>;

async function readJson(file: string, required: boolean): Promise<JsonObject | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new CodedError("INCOMPATIBLE", `Cannot read the tokenizer file ${path.basename(file)}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as JsonObject;
  } catch {
    throw new CodedError("INCOMPATIBLE", `The tokenizer file ${path.basename(file)} is not valid JSON.`);
  }
}

/** tokenizer_config.json stores special tokens as strings or as AddedToken objects ({content}). */
function tokenText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && typeof (value as JsonObject).content === "string") return (value as JsonObject).content as string;
  return null;
}

function resolvePadId(
  tokenizer: Tokenizer,
  tokenizerJson: JsonObject,
  tokenizerConfig: JsonObject,
  modelConfig: JsonObject | null,
): Pick<TokenizerDescription, "padTokenId" | "padTokenSource"> {
  const idOf = (value: unknown) => {
    const text = tokenText(value);
    return text === null ? undefined : tokenizer.token_to_id(text);
  };
  const pad = idOf(tokenizerConfig.pad_token);
  if (pad !== undefined) return { padTokenId: pad, padTokenSource: "pad_token" };
  const padding = tokenizerJson.padding as JsonObject | null | undefined;
  if (padding && typeof padding.pad_id === "number") return { padTokenId: padding.pad_id, padTokenSource: "tokenizer.json padding" };
  const eos = idOf(tokenizerConfig.eos_token);
  if (eos !== undefined) return { padTokenId: eos, padTokenSource: "eos_token" };
  const configEos = modelConfig?.eos_token_id;
  const first = Array.isArray(configEos) ? configEos[0] : configEos;
  if (typeof first === "number") return { padTokenId: first, padTokenSource: "config.json eos_token_id" };
  throw new CodedError("INCOMPATIBLE", "The tokenizer defines no pad token and no end-of-sequence token to pad with.");
}

/**
 * Finds the special ids the post-processor adds around a text, by encoding a probe with and
 * without specials. Truncation then keeps them, as HF truncates the text before adding them.
 */
function specialAffixes(tokenizer: Tokenizer): { prefixIds: number[]; suffixIds: number[] } {
  const probe = "Hello world";
  const plain = tokenizer.encode(probe, { add_special_tokens: false }).ids;
  const full = tokenizer.encode(probe, { add_special_tokens: true }).ids;
  for (let p = 0; p + plain.length <= full.length; p++) {
    if (plain.every((id: number, i: number) => full[p + i] === id)) return { prefixIds: full.slice(0, p), suffixIds: full.slice(p + plain.length) };
  }
  throw new CodedError("INCOMPATIBLE", "The tokenizer's post-processor changes the text tokens; cannot truncate like HuggingFace.");
}

/** Loads tokenizer.json (required), tokenizer_config.json and config.json from a model folder. */
export async function loadModelTokenizer(dir: string): Promise<ModelTokenizer> {
  const tokenizerJson = (await readJson(path.join(dir, "tokenizer.json"), true)) as JsonObject;
  const tokenizerConfig = (await readJson(path.join(dir, "tokenizer_config.json"), false)) ?? {};
  const modelConfig = await readJson(path.join(dir, "config.json"), false);
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
  } catch (error) {
    throw new CodedError("INCOMPATIBLE", `The model's tokenizer.json cannot be loaded: ${(error as Error).message}`);
  }
  const { prefixIds, suffixIds } = specialAffixes(tokenizer);
  const description: TokenizerDescription = {
    tokenizerClass: typeof tokenizerConfig.tokenizer_class === "string" ? tokenizerConfig.tokenizer_class : null,
    files: ["tokenizer.json", ...(Object.keys(tokenizerConfig).length ? ["tokenizer_config.json"] : [])],
    ...resolvePadId(tokenizer, tokenizerJson, tokenizerConfig, modelConfig),
    prefixIds,
    suffixIds,
  };
  const specials = prefixIds.length + suffixIds.length;
  return {
    description,
    encode(text, sequenceLength) {
      if (sequenceLength <= specials) {
        throw new CodedError("BAD_USER_INPUT", `Sequence length ${sequenceLength} leaves no room after ${specials} special tokens.`, "input.sequenceLength");
      }
      const ids = tokenizer.encode(text, { add_special_tokens: false }).ids;
      return [...prefixIds, ...ids.slice(0, sequenceLength - specials), ...suffixIds];
    },
  };
}

/** Pads token rows (each at most `sequenceLength` long) into one int64 batch with its mask. */
export function packBatch(rows: readonly (readonly number[])[], sequenceLength: number, padId: number, side: PaddingSide = "right"): TokenBatch {
  const inputIds = new BigInt64Array(rows.length * sequenceLength).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(rows.length * sequenceLength);
  let realTokens = 0;
  rows.forEach((ids, r) => {
    if (ids.length > sequenceLength) throw new CodedError("INTERNAL", `Row ${r} has ${ids.length} tokens, more than ${sequenceLength}.`);
    const start = r * sequenceLength + (side === "left" ? sequenceLength - ids.length : 0);
    for (let i = 0; i < ids.length; i++) {
      inputIds[start + i] = BigInt(ids[i]);
      attentionMask[start + i] = 1n;
    }
    realTokens += ids.length;
  });
  return { rows: rows.length, sequenceLength, inputIds, attentionMask, realTokens };
}
