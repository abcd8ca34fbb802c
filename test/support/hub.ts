/**
 * The local Hub (test/hub-server) for every test that runs the real download path: the API (its
 * modelPlan and download mutation) and the workers reach it through HF_ENDPOINT, as they would
 * reach huggingface.co. Used by the API tests and the e2e harness alike.
 */
import { startHubServer, type HubServer, type HubServerOptions } from "../hub-server/index.ts";

export interface TestHub {
  hub: HubServer;
  /** Environment for the server and workers (in-process or child processes). */
  env: { HF_ENDPOINT: string };
}

export async function startTestHub(options: HubServerOptions = {}): Promise<TestHub> {
  const hub = await startHubServer(options);
  return { hub, env: { HF_ENDPOINT: hub.url } };
}

/**
 * Slows every download of `path` to `bytesPerSecond`, so a test can act while a job is mid-download
 * (cancel it, kill its worker, watch its progress). `hub.faults.clear()` lifts it.
 */
export function throttleDownloads(hub: HubServer, bytesPerSecond: number, path = "model.safetensors"): void {
  hub.faults.add({ kind: "throttle", bytesPerSecond, path });
}
