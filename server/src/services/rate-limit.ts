import { randomUUID } from "node:crypto";
import { CodedError } from "../../../contracts/src/index.ts";
import type { Redis } from "../redis.ts";

const HOUR_MS = 3_600_000;

/**
 * Sliding one-hour window in a Redis sorted set, so the limit holds across server restarts and
 * across several API servers sharing one Redis.
 */
export async function takeDownloadSlot(redis: Redis, prefix: string, perHour: number, now = Date.now()): Promise<void> {
  const key = `${prefix}:ratelimit:downloads`;
  await redis.zremrangebyscore(key, 0, now - HOUR_MS);
  const oldest = await redis.zrange(key, 0, 0, "WITHSCORES");
  const used = await redis.zcard(key);
  if (used >= perHour) {
    const retryAfterSeconds = Math.ceil((Number(oldest[1] ?? now) + HOUR_MS - now) / 1000);
    throw new CodedError("RATE_LIMITED", `At most ${perHour} downloads per hour; try again in ${retryAfterSeconds} s.`, "input.repoId", {
      retryAfterSeconds,
    });
  }
  await redis.multi().zadd(key, now, `${now}:${randomUUID()}`).pexpire(key, HOUR_MS).exec();
}
