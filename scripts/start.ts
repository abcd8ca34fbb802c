/**
 * `npm start`: the whole product on one machine. Builds the web app when its sources are newer
 * than web/dist, brings up the database (embedded PGlite under DATA_DIR without DATABASE_URL) and
 * Redis, applies migrations, then runs the API and one worker as child processes. SIGINT/SIGTERM
 * are forwarded; if either child dies, everything stops.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmbeddedPostgres } from "../server/src/bootstrap/embedded-postgres.ts";
import { ensureRedis } from "../server/src/bootstrap/redis-server.ts";
import { dataPaths, loadConfig } from "../server/src/config.ts";
import { deployMigrations } from "./lib/schema-engine.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WEB = path.join(ROOT, "web");

async function newestMtime(target: string): Promise<number> {
  const info = await stat(target).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(target);
  const times = await Promise.all(entries.filter((e) => e !== "node_modules" && e !== "dist").map((e) => newestMtime(path.join(target, e))));
  return Math.max(info.mtimeMs, ...times);
}

async function buildWebIfStale(): Promise<void> {
  if (!existsSync(path.join(WEB, "vite.config.ts"))) return;
  const built = await newestMtime(path.join(WEB, "dist", "index.html"));
  if (built && built >= (await newestMtime(WEB))) return;
  console.log("building the web app (web/dist is missing or stale)…");
  const result = spawnSync("npx", ["vite", "build", "--config", "web/vite.config.ts"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error("The web build failed; fix it or delete web/dist to serve the API alone.");
}

function run(entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.join(ROOT, entry)], { cwd: ROOT, env, stdio: "inherit" });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const paths = dataPaths(config.dataDir);
  await mkdir(paths.temp(""), { recursive: true });
  await buildWebIfStale();

  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(paths.embeddedDb);
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  if (config.databaseUrl) await deployMigrations(databaseUrl);
  const redis = await ensureRedis(config.redisUrl, paths.redis);

  const env = { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redis.url, DATA_DIR: config.dataDir };
  const children = [run("worker/src/main.ts", env), run("server/src/main.ts", env)];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      children.map((child) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM"))))),
    );
    await embedded?.stop();
    redis.child?.kill("SIGTERM");
    process.exit(code);
  };
  for (const child of children) child.once("exit", (code) => void stop(code ?? 1));
  process.once("SIGINT", () => void stop(0));
  process.once("SIGTERM", () => void stop(0));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
