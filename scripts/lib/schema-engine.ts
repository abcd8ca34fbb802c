/**
 * Prisma's schema engine compiled to wasm, driven through @prisma/adapter-pg (STACK.md §3). The
 * native engine cannot be downloaded here; the wasm build is the same engine code and writes the
 * same `_prisma_migrations` table, so `prisma migrate deploy` works on the same folder elsewhere.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import type { DiffTarget, MigrationList, SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SCHEMA_PATH = path.join(ROOT, "prisma", "schema.prisma");
export const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");
const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };
const CHAR_OID = 18;

// ---------------------------------------------------------------- adapter fixes

/**
 * adapter-pg refuses PostgreSQL's internal `"char"` type (oid 18), which the engine's
 * introspection reads from pg_catalog. The pool reports such columns as text and remembers their
 * positions for the running queryRaw call, which then declares them as Character.
 */
const charColumns = new AsyncLocalStorage<number[]>();

function charTolerantPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>;
  (pool as { query: unknown }).query = async (...args: unknown[]) => {
    const result = await query(...args);
    const positions = charColumns.getStore();
    result.fields?.forEach((field, index) => {
      if (field.dataTypeID !== CHAR_OID) return;
      field.dataTypeID = 25; // text
      positions?.push(index);
    });
    return result;
  };
  return pool;
}

function withCharColumns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = (query: SqlQuery) => {
    const positions: number[] = [];
    return charColumns.run(positions, async () => {
      const result = await queryRaw(query);
      for (const index of positions) result.columnTypes[index] = ColumnTypeEnum.Character;
      return result;
    });
  };
  return adapter;
}

/**
 * adapter-pg's own shadow database connects back to the main database (its connection string
 * wins over the database name), so the shadow database is created and reached here explicitly.
 */
function adapterFactory(url: string, pools: pg.Pool[]): SqlMigrationAwareDriverAdapterFactory {
  const parsed = new URL(url);
  const discrete: pg.PoolConfig = {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username) || undefined,
    password: decodeURIComponent(parsed.password) || undefined,
    max: 4,
  };
  const mainPool = charTolerantPool({ connectionString: url, max: 4 });
  pools.push(mainPool);
  const main = new PrismaPg(mainPool, { disposeExternalPool: true });
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => withCharColumns(await main.connect()),
    connectToShadowDb: async () => {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const database = `prisma_migrate_shadow_db_${crypto.randomUUID().replaceAll("-", "")}`;
      await admin.query(`CREATE DATABASE "${database}"`);
      const shadow = new PrismaPg(charTolerantPool({ ...discrete, database }), { disposeExternalPool: true });
      const adapter = withCharColumns(await shadow.connect());
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await admin.end();
      };
      return adapter;
    },
  };
}

// ---------------------------------------------------------------- engine

const GLUE = "@prisma/schema-engine-wasm/schema_engine_bg";
let wasmReady: Promise<typeof import("@prisma/schema-engine-wasm/schema_engine_bg")> | undefined;

/** The package's entry uses an ESM wasm import Node 20 cannot load; instantiate it by hand. */
function loadWasm() {
  wasmReady ??= (async () => {
    const glue = await import(GLUE);
    const wasmPath = createRequire(import.meta.url).resolve(GLUE).replace(/\.js$/, ".wasm");
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), { "./schema_engine_bg.js": glue });
    // Without a registry a Rust panic surfaces as an unrelated TypeError.
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
      set_message: (message: string) => console.error(`schema engine panic: ${message}`),
    };
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return glue;
  })();
  return wasmReady;
}

async function schemaFiles(schemaPath = SCHEMA_PATH) {
  return [{ path: schemaPath, content: await readFile(schemaPath, "utf8") }];
}

/** Runs `use` with an engine on `url`; frees it and closes its connections afterwards. */
export async function withEngine<T>(url: string, use: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const glue = await loadWasm();
  const log = (line: string) => {
    if (process.env.PRISMA_ENGINE_LOG) console.error(line);
  };
  const pools: pg.Pool[] = [];
  const factory = bindMigrationAwareSqlAdapterFactory(adapterFactory(url, pools));
  const engine = (await glue.SchemaEngine.new({ datamodels: [[SCHEMA_PATH, (await schemaFiles())[0].content]] }, log, factory)) as SchemaEngine;
  try {
    return await use(engine);
  } finally {
    engine.free();
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
  }
}

export async function migrationList(): Promise<MigrationList> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true }).catch(() => []);
  const directories = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: "migration_lock.toml", content: await readFile(lockPath, "utf8").catch(() => null) },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      directories.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: await readFile(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8").then(
            (value) => ({ tag: "ok" as const, value }),
            (error: Error) => ({ tag: "error" as const, value: error.message }),
          ),
        },
      })),
    ),
  };
}

/** SQL that takes `from` to schema.prisma (or `schemaPath`); empty when nothing differs. */
export async function diffToSchema(engine: SchemaEngine, from: DiffTarget, schemaPath = SCHEMA_PATH): Promise<string> {
  const to: DiffTarget = { tag: "schemaDatamodel", files: await schemaFiles(schemaPath) };
  const result = await engine.diff({ from, to, script: true, exitCode: null, filters: NO_FILTER });
  const script = result.stdout ?? "";
  return script.includes("This is an empty migration.") ? "" : script;
}

/**
 * The CI drift test: SQL the migrations lack to produce the schema (replayed on a shadow
 * database on `url`'s server); empty when they agree.
 */
export async function findDrift(url: string, schemaPath = SCHEMA_PATH): Promise<string> {
  return withEngine(url, async (engine) => diffToSchema(engine, { tag: "migrations", ...(await migrationList()) }, schemaPath));
}

/** Applies every pending migration; returns the names applied. */
export async function deployMigrations(url: string): Promise<string[]> {
  return withEngine(url, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: await migrationList(), filters: NO_FILTER });
    return appliedMigrationNames;
  });
}
