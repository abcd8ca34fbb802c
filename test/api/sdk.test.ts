/** The typed SDK against the real server and worker: the README's download-and-watch script. */
import WebSocket from "ws";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ApiError, createSdk, type Sdk } from "../../sdk/src/index.ts";
import { startApiInProcess, type InProcessServer, startWorkerInProcess, type InProcess } from "../support/in-process.ts";
import { createTestEnv, type TestEnv } from "../support/test-env.ts";
import { startTestHub } from "../support/hub.ts";
import { fixtureRepoId, type HubServer } from "../hub-server/index.ts";

const TOKEN = "sdk-test-token";
let env: TestEnv;
let server: InProcessServer;
let worker: InProcess;
let hub: HubServer;
let sdk: Sdk;

beforeAll(async () => {
  env = await createTestEnv();
  const testHub = await startTestHub();
  hub = testHub.hub;
  const childEnv = { ...env.env, ...testHub.env, API_TOKEN: TOKEN };
  [server, worker] = await Promise.all([startApiInProcess(childEnv), startWorkerInProcess(childEnv)]);
  sdk = createSdk({ url: server.url, apiToken: TOKEN, webSocketImpl: WebSocket });
});

afterAll(async () => {
  await sdk?.close();
  await Promise.all([server?.stop(), worker?.stop(), hub?.close()]);
  await env?.cleanup();
});

it("starts a download and iterates its progress events until READY", async () => {
  const { downloadModel } = await sdk.DownloadModel({ input: { repoId: fixtureRepoId("gpt2"), quantization: "fp16" } });
  expect(downloadModel.model.requestedFormat).toBe("FP16");
  const seen: string[] = [];
  for await (const { modelProgress } of sdk.ModelProgress({ id: downloadModel.model.id })) {
    seen.push(modelProgress.status);
    if (modelProgress.status === "READY") break;
  }
  expect(seen.at(-1)).toBe("READY");
  expect(seen.length).toBeGreaterThan(3);
  const { model } = await sdk.Model({ id: downloadModel.model.id });
  expect(model?.architecture?.modelType).toBe("gpt2");
});

it("throws ApiError carrying the API's code and field", async () => {
  const error = await sdk.DownloadModel({ input: { repoId: "nope", quantization: "Q4" } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe("BAD_USER_INPUT");
  expect((error as ApiError).field).toBe("input.repoId");
});
