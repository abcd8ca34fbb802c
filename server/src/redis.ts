import { Redis } from "ioredis";

/**
 * BullMQ needs `maxRetriesPerRequest: null` on connections used by workers and queue events; the
 * same options are fine for every other client, so one factory serves all.
 */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}
export type { Redis };
