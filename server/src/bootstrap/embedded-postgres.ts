/**
 * The embedded default database: PGlite (PostgreSQL compiled to wasm) behind its socket server, so
 * the normal adapter-pg path and the worker processes reach it like any PostgreSQL. Data persists
 * under DATA_DIR/pglite. PGlite is single-database and single-process: the process that starts it
 * must outlive the server and workers (scripts/start.ts does).
 */
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { deployMigrations } from "../../../scripts/lib/schema-engine.ts";
import { freePort } from "./free-port.ts";

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(directory: string): Promise<EmbeddedPostgres> {
  await mkdir(directory, { recursive: true });
  const db = await PGlite.create(directory);
  const port = await freePort();
  // maxConnections ≥ 2: with one slot, a query error breaks the next query (STACK.md §4).
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: 16 });
  await server.start();
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  await deployMigrations(url);
  return {
    url,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
