/**
 * The WebSocket drops (the API server stops): a banner says so; while it is down a model appears;
 * when the server is back the page catches up on its own, without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../support/db.ts";
import { buildWeb, openBrowser, screenshot, startStack, type BrowserSession, type Stack } from "./harness.ts";

let stack: Stack;
let session: BrowserSession;

beforeAll(async () => {
  buildWeb();
  [stack, session] = await Promise.all([startStack({ worker: false }), openBrowser()]);
});

afterAll(async () => {
  await session?.close();
  await stack?.stop();
});

describe("connection banner", () => {
  it("shows the drop, and catches up on reconnect without a reload", async () => {
    const { page } = session;
    await page.goto(stack.baseUrl);
    await page.getByText("No models yet. Download from HuggingFace to get started.").waitFor();
    await page.evaluate(() => ((window as unknown as { e2eMarker: boolean }).e2eMarker = true));

    await stack.stopServer();
    const banner = page.getByRole("alert").filter({ hasText: "Connection to the server lost" });
    await banner.waitFor({ timeout: 15_000 });
    await screenshot(page, "10-connection-lost");

    // Something changes while the page cannot hear about it.
    const { db } = await connect(stack.env.databaseUrl);
    await db.model.create({ data: { repoId: "org/added-offline", name: "added-offline", requestedFormat: "Q8", format: "Q8", status: "READY", architectureName: "llama" } });
    await db.$disconnect();

    await stack.startServerAgain();
    await page.getByRole("status").filter({ hasText: "Reconnected. Everything is up to date." }).waitFor({ timeout: 30_000 });
    await page.getByRole("article", { name: "added-offline Q8" }).waitFor();
    expect(await banner.count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { e2eMarker?: boolean }).e2eMarker)).toBe(true);
    await screenshot(page, "10-reconnected");
  });
});
