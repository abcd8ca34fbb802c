/**
 * A server started with API_TOKEN: the browser asks for the token once, then HTTP and the
 * WebSocket both carry it and the app works without a reload; a later visit does not ask again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWeb, openBrowser, screenshot, startStack, type BrowserSession, type Stack } from "./harness.ts";

const TOKEN = "e2e-api-token";
let stack: Stack;
let session: BrowserSession;

beforeAll(async () => {
  buildWeb();
  [stack, session] = await Promise.all([startStack({ worker: false, extraEnv: { API_TOKEN: TOKEN } }), openBrowser()]);
});

afterAll(async () => {
  await session?.close();
  await stack?.stop();
});

describe("API token", () => {
  it("is asked for once and then sent on HTTP and WebSocket", async () => {
    const { page } = session;
    await page.goto(stack.baseUrl);
    const dialog = page.getByRole("dialog", { name: "API token required" });
    await dialog.waitFor();
    expect(await page.getByText("No models yet. Download from HuggingFace to get started.").count()).toBe(0);
    await screenshot(page, "09-api-token-asked");
    await dialog.getByLabel("API token").fill(TOKEN);
    await dialog.getByRole("button", { name: "Connect" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByText("No models yet. Download from HuggingFace to get started.").waitFor();
    expect(await page.getByText(/Free disk/).isVisible()).toBe(true);

    await page.reload();
    await page.getByText("No models yet. Download from HuggingFace to get started.").waitFor();
    expect(await page.getByRole("dialog").count()).toBe(0);
    await screenshot(page, "09-api-token-connected");
  });
});
