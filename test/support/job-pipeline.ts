/**
 * The real job pipeline for API tests: a fresh database / Redis prefix / DATA_DIR, the local Hub,
 * the API in-process and worker child processes pointed at it. Worker locks are short so that a
 * killed worker's job is taken over within seconds instead of 30.
 */
import type { HubServer } from "../hub-server/index.ts";
import { startTestHub } from "./hub.ts";
import { startApiInProcess, type InProcessServer } from "./in-process.ts";
import { startWorker, type Child } from "./processes.ts";
import { createTestEnv, type TestEnv } from "./test-env.ts";

export interface JobPipeline {
  env: TestEnv;
  hub: HubServer;
  server: InProcessServer;
  /** Running workers; a test that kills one removes it from this list. */
  workers: Child[];
  addWorker(): Promise<Child>;
  stop(): Promise<void>;
}

export async function startJobPipeline(options: { workers?: number; prepareHub?: (hub: HubServer) => void } = {}): Promise<JobPipeline> {
  const env = await createTestEnv();
  const testHub = await startTestHub();
  options.prepareHub?.(testHub.hub);
  const childEnv = { ...env.env, ...testHub.env, WORKER_LOCK_MS: "2000" };
  const workers: Child[] = [];
  const addWorker = async () => {
    const child = await startWorker(childEnv);
    workers.push(child);
    return child;
  };
  const [server] = await Promise.all([startApiInProcess(childEnv), ...Array.from({ length: options.workers ?? 0 }, addWorker)]);
  return {
    env,
    hub: testHub.hub,
    server,
    workers,
    addWorker,
    async stop() {
      await Promise.all([server.stop(), ...workers.map((w) => w.stop())]);
      await testHub.hub.close();
      await env.cleanup();
    },
  };
}
