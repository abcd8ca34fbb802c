/** Picks the text field out of one record of a structured dataset (JSON lines, JSON, CSV, parquet). */
import { CodedError } from "../../../contracts/src/index.ts";

/** Used when the user names no field: the column name HF datasets use most. */
export const DEFAULT_TEXT_FIELD = "text";

/**
 * The record's text, or null for an empty/missing value (a skipped sample). A record without the
 * field at all, or holding something that is not text, is the user's mistake and is reported
 * with where it happened and which fields exist.
 */
export function textOf(record: unknown, textField: string, where: string): string | null {
  if (record === null || typeof record !== "object" || Array.isArray(record)) {
    throw new CodedError("BAD_USER_INPUT", `${where} is not an object with a "${textField}" field.`, "textField");
  }
  if (!Object.hasOwn(record, textField)) {
    const fields = Object.keys(record).slice(0, 20).map((f) => `"${f}"`).join(", ");
    throw new CodedError("BAD_USER_INPUT", `${where} has no field "${textField}" (fields: ${fields || "none"}).`, "textField");
  }
  const value = (record as Record<string, unknown>)[textField];
  if (value === null || value === undefined) return null;
  if (typeof value !== "string") {
    throw new CodedError("BAD_USER_INPUT", `Field "${textField}" in ${where} is ${typeof value}, not text.`, "textField");
  }
  return value;
}
