import { dataPaths, type Config } from "./config.ts";
import type { AppServices } from "./context.ts";
import { createDb } from "./db.ts";
import { createLogger, type DestinationStream } from "./logger.ts";
import { createProgressPubSub } from "./pubsub.ts";
import { createRedis } from "./redis.ts";
import { JobQueues } from "./services/jobs.ts";
import { planFromHub } from "./services/model-plan.ts";

/** Builds the API's long-lived parts; `close` releases every connection. */
export function createAppServices(config: Config, urls: { databaseUrl: string; redisUrl: string }, logDestination?: DestinationStream) {
  const redis = createRedis(urls.redisUrl);
  const subscriber = createRedis(urls.redisUrl);
  const app: AppServices = {
    config,
    paths: dataPaths(config.dataDir),
    db: createDb(urls.databaseUrl),
    redis,
    queues: new JobQueues(redis, config.redisPrefix),
    pubsub: createProgressPubSub(config.redisPrefix, redis, subscriber),
    log: createLogger(config.logLevel, "api", logDestination),
    planModel: planFromHub,
  };
  const close = async () => {
    await app.queues.close();
    await app.db.$disconnect();
    subscriber.disconnect();
    redis.disconnect();
  };
  return { app, close };
}
