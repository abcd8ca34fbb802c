/** Where the tests find the real PostgreSQL and Redis (overridable for CI). */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { REPO_ROOT } from "./fixtures.ts";

export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/postgres";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export function databaseUrl(database: string): string {
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The template is named after a hash of the migrations, so a changed migration builds a new one. */
export async function templateName(): Promise<string> {
  const dir = path.join(REPO_ROOT, "prisma", "migrations");
  const hash = createHash("sha256");
  for (const name of (await readdir(dir)).sort()) {
    if (name.endsWith(".toml")) continue;
    hash.update(name).update(await readFile(path.join(dir, name, "migration.sql")));
  }
  return `mistudio_tpl_${hash.digest("hex").slice(0, 12)}`;
}
