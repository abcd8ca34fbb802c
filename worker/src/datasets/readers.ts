/**
 * One reader per uploadable format, each yielding the raw text of every record in file order
 * (null for an empty value, which the importer skips). Streaming everywhere except .json, which
 * is one JSON document and is parsed whole (bounded by MAX_JSON_BYTES).
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { parse as parseCsv } from "csv-parse";
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from "hyparquet";
import { CodedError } from "../../../contracts/src/index.ts";
import { readLines, readTextChunks } from "./text-stream.ts";
import { textOf } from "./record-field.ts";

export const DATASET_FORMATS = ["txt", "jsonl", "json", "csv", "parquet"] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export interface ReaderOptions {
  /** Name shown to the user in errors (the upload's original name, or the Hub path). */
  readonly name: string;
  readonly textField: string;
  readonly signal?: AbortSignal;
  /** Bytes of the file consumed so far. */
  readonly onBytes?: (bytes: number) => void;
}

export type TextReader = (file: string, options: ReaderOptions) => AsyncGenerator<string | null>;

/** A .json dataset is parsed in one piece; past this size the user is asked for JSON lines. */
const MAX_JSON_BYTES = 512 * 1024 * 1024;

const badFile = (name: string, why: string) => new CodedError("BAD_USER_INPUT", `${name}: ${why}`, "file");

async function* readTxt(file: string, o: ReaderOptions): AsyncGenerator<string | null> {
  for await (const { line } of readLines(readTextChunks(file, o.name, o.signal, o.onBytes))) yield line;
}

async function* readJsonl(file: string, o: ReaderOptions): AsyncGenerator<string | null> {
  for await (const { line, lineNumber } of readLines(readTextChunks(file, o.name, o.signal, o.onBytes))) {
    if (!line.trim()) continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw badFile(o.name, `line ${lineNumber} is not valid JSON.`);
    }
    yield textOf(record, o.textField, `line ${lineNumber} of ${o.name}`);
  }
}

async function* readJson(file: string, o: ReaderOptions): AsyncGenerator<string | null> {
  const { size } = await stat(file);
  if (size > MAX_JSON_BYTES) throw badFile(o.name, `a .json file over ${MAX_JSON_BYTES >> 20} MiB cannot be parsed in one piece; use JSON lines (.jsonl).`);
  let text = "";
  for await (const chunk of readTextChunks(file, o.name, o.signal, o.onBytes)) text += chunk;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw badFile(o.name, `not valid JSON (${(error as Error).message}).`);
  }
  // A list of records, or the common {"data": [...]} / {"rows": [...]} wrapper of one list.
  const lists = doc && typeof doc === "object" && !Array.isArray(doc) ? Object.values(doc).filter(Array.isArray) : [];
  const records = Array.isArray(doc) ? doc : lists.length === 1 ? lists[0] : null;
  if (!records) throw badFile(o.name, "expected a JSON array of records (or an object holding exactly one array).");
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    yield typeof record === "string" ? record : textOf(record, o.textField, `record ${i} of ${o.name}`);
  }
}

async function* readCsv(file: string, o: ReaderOptions): AsyncGenerator<string | null> {
  const parser = parseCsv({ columns: true, bom: true, skip_empty_lines: true });
  // pipe() handles backpressure; a read error (binary content) is passed on to the parser so the
  // loop below rethrows it.
  const source = Readable.from(readTextChunks(file, o.name, o.signal, o.onBytes));
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  let row = 0;
  try {
    for await (const record of parser) {
      row++;
      yield textOf(record, o.textField, `row ${row} of ${o.name}`);
    }
  } catch (error) {
    if (error instanceof CodedError || o.signal?.aborted) throw error;
    throw badFile(o.name, `not valid CSV (${(error as Error).message}).`);
  } finally {
    source.unpipe(parser);
    source.destroy();
    parser.destroy();
  }
}

async function* readParquet(file: string, o: ReaderOptions): AsyncGenerator<string | null> {
  const buffer = await asyncBufferFromFile(file);
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw badFile(o.name, `not a readable parquet file (${(error as Error).message}).`);
  }
  const columns = parquetSchema(metadata).children.map((c) => c.element.name);
  if (!columns.includes(o.textField)) {
    throw new CodedError("BAD_USER_INPUT", `${o.name} has no column "${o.textField}" (columns: ${columns.map((c) => `"${c}"`).join(", ")}).`, "textField");
  }
  // One row group at a time: memory stays bounded by the largest row group, not the file.
  let rowStart = 0;
  let bytesDone = 0;
  for (const group of metadata.row_groups) {
    o.signal?.throwIfAborted();
    const rowEnd = rowStart + Number(group.num_rows);
    let values: unknown[] = [];
    try {
      await parquetRead({
        file: buffer,
        metadata,
        columns: [o.textField],
        rowStart,
        rowEnd,
        rowFormat: "array",
        onComplete: (rows: unknown[][]) => {
          values = rows.map((r) => r[0]);
        },
      });
    } catch (error) {
      throw badFile(o.name, `parquet data cannot be read (${(error as Error).message}).`);
    }
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value !== null && value !== undefined && typeof value !== "string") {
        throw new CodedError("BAD_USER_INPUT", `Column "${o.textField}" of ${o.name} holds ${typeof value} values, not text (row ${rowStart + i}).`, "textField");
      }
      yield (value as string | null | undefined) ?? null;
    }
    bytesDone += Number(group.total_byte_size);
    o.onBytes?.(Math.min(bytesDone, buffer.byteLength));
    rowStart = rowEnd;
  }
}

export const READERS: Readonly<Record<DatasetFormat, TextReader>> = {
  txt: readTxt,
  jsonl: readJsonl,
  json: readJson,
  csv: readCsv,
  parquet: readParquet,
};

/** The format of a file from its name (`.ndjson` is JSON lines too). */
export function formatOf(fileName: string): DatasetFormat {
  const ext = path.extname(fileName).toLowerCase().slice(1);
  const format = ext === "ndjson" ? "jsonl" : ext;
  if ((DATASET_FORMATS as readonly string[]).includes(format)) return format as DatasetFormat;
  throw new CodedError("BAD_USER_INPUT", `Unsupported dataset file "${fileName}": expected .txt, .jsonl, .json, .csv or .parquet.`, "file");
}
