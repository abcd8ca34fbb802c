/**
 * vitest globalSetup (projects integration and e2e): checks that PostgreSQL and Redis answer and
 * builds the template database from prisma/migrations once. Each test file then clones it
 * (test-env.ts), which takes milliseconds instead of a migration run.
 */
import pg from "pg";
import { Redis } from "ioredis";
import { deployMigrations } from "../../scripts/lib/schema-engine.ts";
import { databaseUrl, TEST_PG_URL, TEST_REDIS_URL, templateName } from "./services.ts";

const BUILD_LOCK = 727_001; // pg advisory lock id: one builder at a time across projects

export default async function setup(): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect().catch((error: Error) => {
    throw new Error(`Redis is not reachable at ${TEST_REDIS_URL} (${error.message}); start it or set TEST_REDIS_URL.`);
  });
  redis.disconnect();

  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect().catch((error: Error) => {
    throw new Error(`PostgreSQL is not reachable at ${TEST_PG_URL} (${error.message}); start it or set TEST_DATABASE_URL.`);
  });
  try {
    await admin.query("SELECT pg_advisory_lock($1)", [BUILD_LOCK]);
    const template = await templateName();
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
    if (!rowCount) {
      const building = `${template}_building`;
      await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${building}"`);
      await deployMigrations(databaseUrl(building));
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    }
  } finally {
    await admin.query("SELECT pg_advisory_unlock($1)", [BUILD_LOCK]);
    await admin.end();
  }
}
