/**
 * Redis is required (BullMQ). Without REDIS_URL: use 127.0.0.1:6379 when it answers, else start
 * a local redis-server with its data under DATA_DIR/redis, else stop with a one-line remedy.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "./free-port.ts";

export interface RedisEndpoint {
  url: string;
  /** Set when this process started redis-server. */
  child?: ChildProcess;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function ensureRedis(redisUrl: string | undefined, redisDir: string): Promise<RedisEndpoint> {
  if (redisUrl) return { url: redisUrl };
  if (await answers(6379)) return { url: "redis://127.0.0.1:6379" };
  await mkdir(redisDir, { recursive: true });
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", redisDir, "--appendonly", "yes"], {
    stdio: "ignore",
  });
  const missing = new Promise<never>((_, reject) =>
    child.once("error", () =>
      reject(new Error("Redis is required: set REDIS_URL, run redis on 127.0.0.1:6379, or install redis-server (apt-get install redis-server).")),
    ),
  );
  const ready = (async () => {
    for (let i = 0; i < 50; i++) {
      if (await answers(port)) return { url: `redis://127.0.0.1:${port}`, child };
      await sleep(100);
    }
    throw new Error(`redis-server did not answer on port ${port} within 5 s`);
  })();
  return Promise.race([ready, missing]);
}
