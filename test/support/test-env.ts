/**
 * Per-test-file isolation: a database cloned from the template, a Redis key prefix of its own
 * (BullMQ queues and pub/sub channels), and a DATA_DIR in a temp folder. `cleanup` drops them all.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { Redis } from "ioredis";
import { databaseUrl, TEST_PG_URL, TEST_REDIS_URL, templateName } from "./services.ts";

export interface TestEnv {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  dataDir: string;
  /** Environment for server and worker child processes. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export async function createTestEnv(): Promise<TestEnv> {
  const id = `${process.env.VITEST_POOL_ID ?? "0"}_${randomBytes(4).toString("hex")}`;
  const database = `mistudio_test_${id}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}" TEMPLATE "${await templateName()}"`);
  await admin.end();
  const dataDir = await mkdtemp(path.join(tmpdir(), "mistudio-test-"));
  const redisPrefix = `mistudio-test:${id}`;
  const url = databaseUrl(database);
  return {
    databaseUrl: url,
    redisUrl: TEST_REDIS_URL,
    redisPrefix,
    dataDir,
    env: { DATABASE_URL: url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: redisPrefix, DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn" },
    async cleanup() {
      const redis = new Redis(TEST_REDIS_URL);
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${redisPrefix}*`, "COUNT", 500);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== "0");
      redis.disconnect();
      const drop = new pg.Client({ connectionString: TEST_PG_URL });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await drop.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
