/**
 * The API process. Without DATABASE_URL it runs the embedded PGlite itself (use `npm start` to
 * share it with workers); without REDIS_URL it finds or starts a Redis. With API_PROCESSES > 1
 * this process bootstraps once and forks that many API processes sharing PORT (node:cluster);
 * subscriptions work in any of them, since progress arrives through Redis.
 */
import cluster from "node:cluster";
import { mkdir } from "node:fs/promises";
import { createAppServices } from "./app.ts";
import { startEmbeddedPostgres } from "./bootstrap/embedded-postgres.ts";
import { ensureRedis } from "./bootstrap/redis-server.ts";
import { dataPaths, loadConfig, type Config } from "./config.ts";
import { createHttpServer } from "./http.ts";

async function serve(config: Config, urls: { databaseUrl: string; redisUrl: string }): Promise<() => Promise<void>> {
  const { app, close } = createAppServices(config, urls);
  const server = createHttpServer(app);
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  app.log.info({ port: config.port, dataDir: config.dataDir, auth: Boolean(config.apiToken), pid: process.pid }, "API listening on /graphql");
  return async () => {
    server.closeAllConnections();
    server.close();
    await close();
  };
}

function onSignals(stop: () => Promise<void>): void {
  const handle = () => void stop().then(() => process.exit(0));
  process.once("SIGTERM", handle);
  process.once("SIGINT", handle);
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (!cluster.isPrimary) {
    // A forked API process: the primary resolved both URLs into the environment.
    onSignals(await serve(config, { databaseUrl: config.databaseUrl!, redisUrl: config.redisUrl! }));
    return;
  }
  const paths = dataPaths(config.dataDir);
  await mkdir(paths.temp(""), { recursive: true });
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(paths.embeddedDb);
  const redis = await ensureRedis(config.redisUrl, paths.redis);
  const urls = { databaseUrl: config.databaseUrl ?? embedded!.url, redisUrl: redis.url };
  const release = async () => {
    await embedded?.stop();
    redis.child?.kill("SIGTERM");
  };
  if (config.apiProcesses <= 1) {
    const stop = await serve(config, urls);
    onSignals(async () => {
      await stop();
      await release();
    });
    return;
  }
  let stopping = false;
  const forks = Array.from({ length: config.apiProcesses }, () => cluster.fork({ DATABASE_URL: urls.databaseUrl, REDIS_URL: urls.redisUrl }));
  cluster.on("exit", (worker, code) => {
    if (stopping) return;
    console.error(`API process ${worker.process.pid} exited with ${code}; stopping.`);
    void stopAll().then(() => process.exit(1));
  });
  const stopAll = async () => {
    stopping = true;
    await Promise.all(forks.map((fork) => new Promise<void>((resolve) => (fork.isDead() ? resolve() : (fork.once("exit", () => resolve()), fork.kill("SIGTERM"))))));
    await release();
  };
  onSignals(stopAll);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
