/**
 * The API process. Without DATABASE_URL it runs the embedded PGlite itself (single process: use
 * `npm start` to share it with workers); without REDIS_URL it finds or starts a Redis.
 */
import { mkdir } from "node:fs/promises";
import { createAppServices } from "./app.ts";
import { startEmbeddedPostgres } from "./bootstrap/embedded-postgres.ts";
import { ensureRedis } from "./bootstrap/redis-server.ts";
import { dataPaths, loadConfig } from "./config.ts";
import { createHttpServer } from "./http.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  const paths = dataPaths(config.dataDir);
  await mkdir(paths.temp(""), { recursive: true });
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(paths.embeddedDb);
  const redisEndpoint = await ensureRedis(config.redisUrl, paths.redis);
  const { app, close } = createAppServices(config, { databaseUrl: config.databaseUrl ?? embedded!.url, redisUrl: redisEndpoint.url });
  const server = createHttpServer(app);
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  app.log.info({ port: config.port, dataDir: config.dataDir, embeddedDb: Boolean(embedded), auth: Boolean(config.apiToken) }, "API listening on /graphql");

  const stop = async (signal: string) => {
    app.log.info({ signal }, "shutting down");
    server.closeAllConnections();
    server.close();
    await close();
    await embedded?.stop();
    redisEndpoint.child?.kill("SIGTERM");
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
