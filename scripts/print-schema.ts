/**
 * Prints the Pothos schema, sorted, to schema.graphql. `--check` exits 1 when the checked-in file
 * is stale (CI), without writing.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { lexicographicSortSchema, printSchema } from "graphql";
import { schema } from "../server/src/schema/index.ts";

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "schema.graphql");
const printed = `${printSchema(lexicographicSortSchema(schema))}\n`;

if (process.argv.includes("--check")) {
  const current = await readFile(target, "utf8").catch(() => "");
  if (current !== printed) {
    console.error("schema.graphql is stale: run `npm run schema:print` and commit it.");
    process.exit(1);
  }
  console.log("schema.graphql is current");
} else {
  await writeFile(target, printed);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
