/**
 * The migration tooling (wasm schema engine) against the real PostgreSQL: the checked-in
 * migrations produce exactly schema.prisma, and a schema change without a migration is caught
 * (what `npm run migrate:check` fails CI on).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { findDrift, SCHEMA_PATH } from "../../scripts/lib/schema-engine.ts";
import { TEST_PG_URL } from "../support/services.ts";

it("finds no drift between prisma/migrations and schema.prisma", async () => {
  expect(await findDrift(TEST_PG_URL)).toBe("");
});

it("reports the SQL a schema change lacks when no migration was written for it", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "mistudio-drift-"));
  try {
    const changed = path.join(dir, "schema.prisma");
    const schema = await readFile(SCHEMA_PATH, "utf8");
    await writeFile(changed, schema.replace("model Dataset {", "model Dataset {\n  driftProbe Int?"));
    const sql = await findDrift(TEST_PG_URL, changed);
    expect(sql).toContain('ALTER TABLE "Dataset" ADD COLUMN');
    expect(sql).toContain('"driftProbe" INTEGER');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
