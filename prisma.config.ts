import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

const here = fileURLToPath(import.meta.url);

// `prisma generate|validate|format` never run the schema engine, yet the CLI tries to download
// one first; offline that download fails. Pointing the engine variable at any existing file
// (this one) skips it. Migrations go through scripts/migrate.ts (wasm engine), not the CLI.
const engineFree = ["generate", "validate", "format"].some((command) => process.argv.includes(command));
if (engineFree && !process.env.PRISMA_SCHEMA_ENGINE_BINARY) process.env.PRISMA_SCHEMA_ENGINE_BINARY = here;

export default defineConfig({
  schema: path.join(path.dirname(here), "prisma", "schema.prisma"),
  migrations: { path: path.join(path.dirname(here), "prisma", "migrations") },
  // Only migrate/introspect commands need a URL; generate works without one.
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
