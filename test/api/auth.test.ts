/** API_TOKEN: every HTTP request to /graphql and every WebSocket connection must carry it. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../support/db.ts";
import { collect, gql, ok, wsClient } from "../support/graphql.ts";
import { startApiInProcess, type InProcessServer } from "../support/in-process.ts";
import { createTestEnv, type TestEnv } from "../support/test-env.ts";
import { MODEL_PROGRESS } from "./operations.ts";

const TOKEN = "s3cret-token-for-tests";
let env: TestEnv;
let server: InProcessServer;
let modelId: string;

beforeAll(async () => {
  env = await createTestEnv();
  server = await startApiInProcess({ ...env.env, API_TOKEN: TOKEN, WEB_ORIGIN: "http://localhost:5173" });
  const { db } = await connect(env.databaseUrl);
  modelId = (await db.model.create({ data: { repoId: "org/m", name: "m", requestedFormat: "Q8", format: "Q8", status: "READY" } })).id;
  await db.$disconnect();
});

afterAll(async () => {
  await server?.stop();
  await env?.cleanup();
});

describe("API token", () => {
  it("rejects HTTP requests without the token or with a wrong one (401, UNAUTHENTICATED)", async () => {
    for (const token of [undefined, "wrong"]) {
      const response = await gql(server.url, `{ models { totalCount } }`, {}, token);
      expect(response.status).toBe(401);
      expect(response.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
      expect(response.data).toBeUndefined();
    }
  });

  it("answers HTTP requests that carry it", async () => {
    expect((await ok(server.url, `{ models { totalCount } }`, {}, TOKEN)).models.totalCount).toBe(1);
  });

  it("closes WebSocket connections without it (4403) and serves those with it", async () => {
    const refused = wsClient(server.wsUrl, { authorization: "Bearer wrong" });
    const error = await collect(refused, MODEL_PROGRESS, { id: modelId }, () => true, 5_000).catch((e: unknown) => e);
    await refused.dispose();
    expect((error as { code?: number }).code).toBe(4403);

    const allowed = wsClient(server.wsUrl, { authorization: `Bearer ${TOKEN}` });
    const [first] = await collect(allowed, MODEL_PROGRESS, { id: modelId }, () => true, 5_000);
    await allowed.dispose();
    expect(first.modelProgress).toMatchObject({ modelId, status: "READY" });
  });

  it("allows CORS only for the configured web origin", async () => {
    const preflight = (origin: string) =>
      fetch(server.url, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,authorization" } });
    expect((await preflight("http://localhost:5173")).headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect((await preflight("http://evil.example")).headers.get("access-control-allow-origin")).not.toBe("http://evil.example");
  });
});
