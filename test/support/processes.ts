/**
 * The real server and worker as child processes (tsx), started the way `npm start` does. Each
 * resolves once the process logs that it is ready; `stop` sends SIGTERM, `kill` SIGKILL.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "../../server/src/bootstrap/free-port.ts";
import { REPO_ROOT } from "./fixtures.ts";

export interface Child {
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export interface ServerChild extends Child {
  url: string;
  wsUrl: string;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));
}

async function startChild(entry: string, env: Record<string, string>, readyText: string, timeoutMs = 60_000): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, entry)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: env.LOG_LEVEL === "warn" ? "info" : (env.LOG_LEVEL ?? "info") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(readyText)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before it was ready:\n${output}`));
    });
  });
  await ready;
  return {
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited(child);
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited(child);
    },
  };
}

/** `port`: restart on the port a previous server used (clients reconnect to the same URL). */
export async function startServer(env: Record<string, string>, port?: number): Promise<ServerChild> {
  port ??= await freePort();
  const child = await startChild("server/src/main.ts", { ...env, PORT: String(port) }, "API listening");
  return { ...child, url: `http://127.0.0.1:${port}/graphql`, wsUrl: `ws://127.0.0.1:${port}/graphql` };
}

export const startWorker = (env: Record<string, string>) => startChild("worker/src/main.ts", env, "worker ready");
