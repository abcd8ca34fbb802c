/**
 * The e2e stack: the real server and worker (child processes, as `npm start` runs them) over a
 * fresh database and Redis prefix, the local Hub serving the fixture models, the built web app,
 * and Debian's Chromium driven by playwright-core.
 */
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { fixtureModelDir, REPO_ROOT, type FixtureArch } from "../support/fixtures.ts";
import { startServer, startWorker, type Child, type ServerChild } from "../support/processes.ts";
import { createTestEnv, type TestEnv } from "../support/test-env.ts";
import type { HubServer } from "../hub-server/index.ts";
import { startTestHub, throttleDownloads } from "../support/hub.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = path.join(REPO_ROOT, "test-results", "screenshots");
const CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/**
 * Fixture checkpoints under their folder name (`mistudio-test/gpt2`), so the model cards read
 * "gpt2" and "llama"; the worker downloads them from the local Hub like any repo.
 */
export const e2eRepoId = (arch: FixtureArch) => `mistudio-test/${arch}`;
async function fixtureRepo(arch: FixtureArch) {
  const names = ["config.json", "generation_config.json", "model.safetensors", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json"];
  const files: Record<string, Buffer> = {};
  for (const name of names) files[name] = await readFile(path.join(fixtureModelDir(arch), name));
  return { id: e2eRepoId(arch), files };
}

/** vite build of web/ into web/dist, which the server serves at /. */
export function buildWeb(): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, "node_modules/vite/bin/vite.js"), "build", "--config", "web/vite.config.ts", "--logLevel", "warn"], {
    cwd: REPO_ROOT,
    stdio: "inherit",
  });
}

export interface Stack {
  env: TestEnv;
  hub: HubServer;
  server: ServerChild;
  worker?: Child;
  /** http://127.0.0.1:<port>/ (the web app). */
  baseUrl: string;
  /** Stops the API server (the browser's link drops). */
  stopServer(): Promise<void>;
  /** Starts it again on the same port, as after a crash or a deploy. */
  startServerAgain(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(options: { worker?: boolean; extraEnv?: Record<string, string> } = {}): Promise<Stack> {
  const env = await createTestEnv();
  const { hub, env: hubEnv } = await startTestHub({ extraRepos: await Promise.all((["gpt2", "llama"] as const).map(fixtureRepo)) });
  // About 3 s per fixture download: long enough to watch the progress bar move.
  throttleDownloads(hub, 200_000);
  const childEnv = { ...env.env, ...hubEnv, ...options.extraEnv };
  const [server, worker] = await Promise.all([startServer(childEnv), options.worker === false ? undefined : startWorker(childEnv)]);
  const port = Number(new URL(server.url).port);
  const stack: Stack = {
    env,
    hub,
    server,
    worker,
    baseUrl: server.url.replace(/graphql$/, ""),
    stopServer: () => stack.server.stop(),
    async startServerAgain() {
      stack.server = await startServer(childEnv, port);
    },
    async stop() {
      await Promise.all([stack.server.stop(), worker?.stop()]);
      await hub.close();
      await env.cleanup();
    },
  };
  return stack;
}

export interface BrowserSession {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** Chromium gets its own TMPDIR: it and Playwright leave profile and artifact folders there. */
export async function openBrowser(): Promise<BrowserSession> {
  const tmp = mkdtempSync(path.join(tmpdir(), "mistudio-e2e-"));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, env: { ...process.env, TMPDIR: tmp } });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (error) => console.error(`[browser] ${error.message}`));
  return {
    browser,
    page,
    async close() {
      await browser.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}
