import type { Config, DataPaths } from "./config.ts";
import type { Db } from "./db.ts";
import type { Logger } from "./logger.ts";
import type { ProgressPubSub } from "./pubsub.ts";
import type { Redis } from "./redis.ts";
import type { JobQueues } from "./services/jobs.ts";
import type { ModelPlanner } from "./services/model-plan.ts";

/** Long-lived parts of the API, built once in main.ts and handed to every resolver. */
export interface AppServices {
  config: Config;
  paths: DataPaths;
  db: Db;
  redis: Redis;
  queues: JobQueues;
  pubsub: ProgressPubSub;
  log: Logger;
  planModel: ModelPlanner;
}

export type Context = AppServices;
