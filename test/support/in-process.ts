/**
 * The API and a worker inside the test process, so that coverage sees their code. HTTP and
 * graphql-ws still go through a real socket; the worker still talks to Redis and PostgreSQL.
 * Tests that need separate processes (a worker killed with SIGKILL, the progress of a worker
 * process) use processes.ts instead.
 */
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { createAppServices } from "../../server/src/app.ts";
import { loadConfig } from "../../server/src/config.ts";
import { createHttpServer } from "../../server/src/http.ts";
import { startWorkerRuntime } from "../../worker/src/runtime/start.ts";

export interface InProcess {
  output(): string;
  stop(): Promise<void>;
}

export interface InProcessServer extends InProcess {
  url: string;
  wsUrl: string;
}

function capture() {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

// info: tests read the logs (operations logged, tokens never).
const configFrom = (env: Record<string, string>) => loadConfig({ ...process.env, ...env, LOG_LEVEL: "info" });

export async function startApiInProcess(env: Record<string, string>): Promise<InProcessServer> {
  const config = configFrom(env);
  const logs = capture();
  const { app, close } = createAppServices(config, { databaseUrl: config.databaseUrl!, redisUrl: config.redisUrl! }, logs.stream);
  const server = createHttpServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    output: logs.text,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await close();
    },
  };
}

export async function startWorkerInProcess(env: Record<string, string>): Promise<InProcess> {
  const logs = capture();
  const runtime = await startWorkerRuntime(configFrom(env), logs.stream);
  return { output: logs.text, stop: () => runtime.close() };
}
