/**
 * The researcher's journey in a real browser against the real stack: download a fixture model and
 * watch it become ready, inspect and compare architectures, import a dataset, extract activations,
 * save and reload a template, delete a model. Each step leaves a screenshot in
 * test-results/screenshots/.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ok } from "../support/graphql.ts";
import { buildWeb, e2eRepoId, openBrowser, screenshot, startStack, type BrowserSession, type Stack } from "./harness.ts";

let stack: Stack;
let session: BrowserSession;
let page: Page;

beforeAll(async () => {
  buildWeb();
  [stack, session] = await Promise.all([startStack(), openBrowser()]);
  page = session.page;
  await page.goto(stack.baseUrl);
});

// A failing step leaves its screen too, named after the test, to show what the user saw.
afterEach(async ({ task }) => {
  if (task.result?.state === "fail") await screenshot(page, `failed-${task.name.replace(/\W+/g, "-").slice(0, 60)}`);
});

afterAll(async () => {
  await session?.close();
  await stack?.stop();
});

const card = (name: string) => page.getByRole("article", { name });
const LONG = { timeout: 60_000 };
const nav = (name: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name });

describe("models workbench in Chromium", () => {
  it("shows the live plan of a fixture repo while its id is typed", async () => {
    await page.getByText("No models yet. Download from HuggingFace to get started.").waitFor();
    expect(await page.getByRole("button", { name: "Download" }).isDisabled()).toBe(true);
    await page.getByLabel("Repository").fill(e2eRepoId("gpt2"));
    const plan = page.getByRole("region", { name: "Download plan" });
    const table = plan.getByRole("table");
    await table.getByRole("row", { name: /Q4/ }).waitFor(LONG);
    expect(await table.getByRole("row").count()).toBe(6); // header + five formats
    expect(await table.getByRole("row", { name: /Q4/ }).textContent()).toMatch(/fits|tight|too big/);
    expect(await plan.getByText("Free disk").isVisible()).toBe(true);
    expect(await plan.getByText("Revision").isVisible()).toBe(true);
    await screenshot(page, "00-plan");
  });

  it("downloads a fixture model and the card goes from downloading to ready without a reload", async () => {
    // Mark this document and record every status the card shows, to prove no reload happened.
    await page.evaluate(() => {
      const w = window as unknown as { e2eMarker: boolean; statuses: string[]; percents: number[] };
      w.e2eMarker = true;
      w.statuses = [];
      w.percents = [];
      new MutationObserver(() => {
        const card = document.querySelector("article.model-card");
        const status = card?.getAttribute("data-status");
        if (status && w.statuses.at(-1) !== status) w.statuses.push(status);
        const percent = card?.querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow");
        if (percent) w.percents.push(Number(percent));
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });

    await page.getByLabel("Repository").fill(e2eRepoId("gpt2"));
    await page.getByRole("button", { name: "Download" }).click();

    await card("gpt2 Q4").getByText("ready", { exact: true }).waitFor(LONG);
    const seen = await page.evaluate(() => {
      const w = window as unknown as { e2eMarker?: boolean; statuses: string[]; percents: number[] };
      return { e2eMarker: w.e2eMarker, statuses: w.statuses, percents: w.percents };
    });
    expect(seen.e2eMarker).toBe(true);
    expect(seen.statuses[0]).toBe("DOWNLOADING");
    expect(seen.statuses).toContain("QUANTIZING");
    expect(seen.statuses.at(-1)).toBe("READY");
    expect(seen.percents.some((p) => p > 0 && p < 100)).toBe(true); // the bar moved while we watched
    expect(await card("gpt2 Q4").getByRole("button", { name: "Extract Activations" }).isVisible()).toBe(true);
    await screenshot(page, "01-download-ready");
  });

  it("opens the architecture viewer", async () => {
    await card("gpt2 Q4").getByRole("link", { name: "gpt2" }).click();
    await page.getByRole("heading", { level: 2, name: /gpt2/ }).waitFor(); // the viewer's title (card titles are h3)
    await page.locator(".stat").nth(3).waitFor();
    const stats = await page.locator(".stat").allTextContents();
    expect(stats).toHaveLength(4);
    expect(stats[1]).toMatch(/^\d+Layers$/);
    const block = page.getByRole("button", { name: /TransformerBlock/ }).first();
    await block.click();
    expect(await block.getAttribute("aria-expanded")).toBe("true");
    await page.getByText("config.json").click();
    await screenshot(page, "02-architecture");
  });

  it("compares two models side by side and remembers the pair across a reload", async () => {
    await ok(stack.server.url, `mutation($input: DownloadModelInput!) { downloadModel(input: $input) { jobId } }`, {
      input: { repoId: e2eRepoId("llama"), quantization: "Q8" },
    });
    await page.getByRole("link", { name: "← Models" }).click();
    await card("llama Q8").getByText("ready", { exact: true }).waitFor(LONG);
    await card("gpt2 Q4").getByRole("link", { name: "gpt2" }).click();
    await page.getByLabel("Compare with…").selectOption({ label: "llama (Q8)" });
    await page.getByRole("button", { name: "Compare" }).click();

    const table = page.getByRole("table");
    await table.waitFor();
    expect(await table.locator("tr.differs").count()).toBeGreaterThan(0);
    expect(await table.locator('tr[data-field="modelType"]').getAttribute("class")).toContain("differs");
    await page.goto(`${stack.baseUrl}#/compare`);
    await page.reload();
    await page.getByRole("table").locator('tr[data-field="modelType"]').waitFor();
    expect(await page.getByRole("columnheader", { name: "llama (Q8)" }).isVisible()).toBe(true);
    await screenshot(page, "03-compare");
  });

  it("imports a small dataset from a file", async () => {
    await nav("Datasets").click();
    const lines = Array.from({ length: 24 }, (_, i) => `Sample sentence number ${i} about a small model.`);
    await page.getByLabel(/^File/).setInputFiles({ name: "corpus.txt", mimeType: "text/plain", buffer: Buffer.from(lines.join("\n")) });
    await page.getByLabel("Name").fill("e2e corpus");
    await page.getByRole("button", { name: "Import" }).click();
    const dataset = page.getByRole("article", { name: "Dataset e2e corpus" });
    await dataset.getByText("ready", { exact: true }).waitFor(LONG);
    expect(await dataset.textContent()).toContain("24 samples");
    await dataset.getByText(/^Preview/).click();
    expect(await dataset.getByRole("listitem").first().textContent()).toBe(lines[0]);
    await screenshot(page, "04-dataset");
  });

  it("imports a dataset from a Hub dataset repo", async () => {
    await nav("Datasets").click();
    await page.getByRole("radio", { name: /From a Hub dataset repo/ }).check();
    await page.getByLabel("Dataset repo", { exact: true }).fill("mistudio-test/tiny-text-jsonl");
    await page.getByLabel("Split").fill("validation");
    await page.getByRole("button", { name: "Import" }).click();
    // Wait for the import to end either way, then say which way it ended.
    const done = page.locator('article[data-status="READY"], article[data-status="ERROR"]', { hasText: "Hub: mistudio-test/tiny-text-jsonl" });
    await done.waitFor(LONG);
    await screenshot(page, "04b-hub-dataset");
    expect(await done.textContent()).toContain("11 samples");
    expect(await done.getAttribute("data-status")).toBe("READY");
  });

  it("runs an extraction and sees it complete with statistics", async () => {
    await nav("Models").click();
    await card("gpt2 Q4").getByRole("button", { name: "Extract Activations" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Select All", exact: true }).click();
    await dialog.getByRole("checkbox", { name: "MLP output" }).check();
    await dialog.getByLabel("Max samples").fill("8");
    await dialog.getByLabel("Batch size").selectOption("4");
    await dialog.getByLabel("Sequence length").fill("16");
    await dialog.getByTestId("extraction-plan").waitFor(LONG);
    await dialog.getByRole("button", { name: "Start extraction" }).click();
    await dialog.getByText("completed", { exact: true }).waitFor(LONG);
    await dialog.getByRole("link", { name: "See files and statistics" }).click();

    const extraction = page.locator("article.extraction-card").first();
    await extraction.getByText("completed", { exact: true }).waitFor();
    expect(await extraction.textContent()).toContain("layer_0_residual.npy");
    await extraction.getByRole("img", { name: /Activation statistics for \d+ layer and hook pairs/ }).waitFor();
    await screenshot(page, "05-extraction");
  });

  it("saves a template and loads it again after a reload", async () => {
    await nav("Models").click();
    await card("gpt2 Q4").getByRole("button", { name: "Extract Activations" }).click();
    let dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Deselect All", exact: true }).click();
    await dialog.getByRole("button", { name: "L0", exact: true }).click();
    await dialog.getByRole("checkbox", { name: "Attention output" }).check();
    await dialog.getByLabel("Template name").fill("e2e template");
    await dialog.getByLabel("Description").fill("first layer, residual + attention");
    await dialog.getByRole("button", { name: "Save current settings" }).click();
    await dialog.getByText("Saved “e2e template”.").waitFor();

    await page.reload();
    await card("gpt2 Q4").getByRole("button", { name: "Extract Activations" }).click();
    dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Select All", exact: true }).click();
    await dialog.getByRole("button", { name: "Load e2e template" }).click();
    expect(await dialog.getByRole("button", { name: "L0", exact: true }).getAttribute("aria-pressed")).toBe("true");
    expect(await dialog.getByRole("button", { name: "L1", exact: true }).getAttribute("aria-pressed")).toBe("false");
    expect(await dialog.getByRole("checkbox", { name: "Attention output" }).isChecked()).toBe(true);
    expect(await dialog.getByRole("heading", { name: /Saved Templates \(\d+\)/ }).textContent()).toMatch(/\(1\)/);
    await screenshot(page, "06-template");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
  });

  it("deletes a model after its dry run", async () => {
    await card("llama Q8").getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete llama (Q8)?" });
    await dialog.getByTestId("bytes-freed").waitFor();
    expect(await dialog.getByTestId("bytes-freed").textContent()).toMatch(/[\d.]+ (KiB|MiB)/);
    await screenshot(page, "07-delete-dry-run");
    await dialog.getByRole("button", { name: "Delete" }).click();
    await card("llama Q8").waitFor({ state: "detached" });
    expect(await card("gpt2 Q4").isVisible()).toBe(true);
    await screenshot(page, "07-deleted");
  });
});
