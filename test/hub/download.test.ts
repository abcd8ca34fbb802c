import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixtureRepoId, startHubServer, SYNTHETIC_REPOS, TEST_TOKENS, type HubServer } from "../hub-server/index.ts";
import { fixtureModelDir, REPO_ROOT } from "../support/fixtures.ts";
import { downloadRepoFiles, type DownloadFileSpec, type DownloadRepoFilesOptions } from "../../worker/src/hub/download-repo-files.ts";
import type { DownloadProgress } from "../../worker/src/hub/download-progress.ts";
import { onTmpfs } from "../support/tmpfs.ts";
import { readTree, tempDir } from "./helpers.ts";

const BIG = "mistudio-test/big-blob";
const BIG_SIZE = 4 * 2 ** 20;
const bigContent = randomBytes(BIG_SIZE);
const LLAMA = fixtureRepoId("llama");

let hub: HubServer;
let work: string;

beforeAll(async () => {
  hub = await startHubServer({ extraRepos: [{ id: BIG, files: { "config.json": Buffer.from("{}"), "model.safetensors": bigContent } }] });
});
afterAll(() => hub.close());
beforeEach(async () => {
  hub.faults.clear();
  hub.stats.reset();
  work = await tempDir("hub-download-");
});
afterEach(() => rm(work, { recursive: true, force: true }));

/** The file list as the Hub describes it (what a plan passes on). */
function filesOf(repoId: string): DownloadFileSpec[] {
  return [...hub.repos.get(repoId)!.files.values()].map((file) => ({ path: file.path, size: file.size, sha256: file.sha256 ?? null, gitOid: file.gitOid }));
}

function options(repoId: string, extra: Partial<DownloadRepoFilesOptions> = {}): DownloadRepoFilesOptions {
  return {
    repoId,
    revision: hub.repos.get(repoId)!.sha,
    files: filesOf(repoId),
    destDir: path.join(work, "dest"),
    tempDir: path.join(work, "temp"),
    hubUrl: hub.url,
    backoffMs: 10,
    ...extra,
  };
}

async function expectCode(promise: Promise<unknown>, code: string) {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error, `expected a ${code} error`).toMatchObject({ code });
  return error as Error & { code: string };
}

const listing = async (dir: string) => readdir(dir).catch(() => [] as string[]);
const bigServed = () => hub.stats.bytesServed(BIG, "model.safetensors");
const cdnRequestsFor = (file: string) => hub.stats.requests.filter((r) => r.origin === "cdn" && r.path.includes(`/${file}?`));

describe("downloadRepoFiles", () => {
  it("downloads a gated repo with a granted token, byte-identical, the token only ever sent to the Hub", async () => {
    const events: DownloadProgress[] = [];
    const result = await downloadRepoFiles(options(SYNTHETIC_REPOS.gated, { token: TEST_TOKENS.granted, onProgress: (p) => events.push(p) }));
    const dest = await readTree(path.join(work, "dest"));
    for (const file of filesOf(SYNTHETIC_REPOS.gated)) {
      expect(dest.get(file.path)!.equals(await readFile(path.join(fixtureModelDir("llama"), file.path))), file.path).toBe(true);
    }
    expect(await listing(path.join(work, "temp"))).toEqual([]);
    expect(result.bytesFetched).toBe(filesOf(SYNTHETIC_REPOS.gated).reduce((sum, f) => sum + f.size, 0));
    // The CDN (another origin) never saw an Authorization header; the Hub's resolve route did.
    expect(hub.stats.cdnAuthorizations).toEqual([]);
    expect(hub.stats.requests.some((r) => r.origin === "cdn")).toBe(true);
    expect(hub.stats.requests.filter((r) => r.origin === "hub").every((r) => r.authorization)).toBe(true);
    for (const bytes of dest.values()) expect(bytes.includes(TEST_TOKENS.granted)).toBe(false);
    // Progress: monotonic bytes, ends at 100 % with a speed and the files named on the way.
    expect(events.at(-1)).toMatchObject({ percent: 100, bytesDone: result.bytesFetched, etaSeconds: 0 });
    expect(events.every((e, i) => i === 0 || e.bytesDone >= events[i - 1].bytesDone)).toBe(true);
    expect(new Set(events.map((e) => e.currentFile))).toContain("model.safetensors");
    expect(events.some((e) => (e.speed ?? 0) > 0)).toBe(true);
  });

  it("a gated repo with a token that was not granted: GATED, nothing written, token absent from the error", async () => {
    const error = await expectCode(downloadRepoFiles(options(SYNTHETIC_REPOS.gated, { token: TEST_TOKENS.notGranted })), "GATED");
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(TEST_TOKENS.notGranted);
    expect(await listing(path.join(work, "dest"))).toEqual([]);
  });

  it("resumes after a dropped connection without fetching any byte twice", async () => {
    hub.faults.add({ kind: "drop", afterBytes: 100_000, repoId: LLAMA, path: "model.safetensors" });
    await downloadRepoFiles(options(LLAMA, { parts: 1 }));
    const size = hub.repos.get(LLAMA)!.files.get("model.safetensors")!.size;
    expect(hub.stats.bytesServed(LLAMA, "model.safetensors")).toBe(size);
    expect(cdnRequestsFor("model.safetensors").map((r) => r.range)).toEqual([`bytes=0-${size - 1}`, `bytes=100000-${size - 1}`]);
    expect(hub.faults.pending()).toBe(0);
  });

  it("parallel parts survive several drops, each part resuming at its own cursor", async () => {
    hub.faults.add({ kind: "drop", afterBytes: 300_000, repoId: BIG, path: "model.safetensors", times: 3 });
    await downloadRepoFiles(options(BIG, { parts: 4, minPartBytes: 64 * 1024 }));
    expect((await readFile(path.join(work, "dest", "model.safetensors"))).equals(bigContent)).toBe(true);
    expect(bigServed()).toBe(BIG_SIZE);
    expect(cdnRequestsFor("model.safetensors")).toHaveLength(4 + 3);
  });

  it("a manual retry after exhausted retries resumes from the bytes on disk", async () => {
    hub.faults.add({ kind: "drop", afterBytes: 1_000_000, repoId: BIG, path: "model.safetensors" });
    hub.faults.add({ kind: "fail", status: 503, repoId: BIG, path: "model.safetensors", times: 50 });
    await expectCode(downloadRepoFiles(options(BIG, { parts: 1, retries: 3 })), "UNAVAILABLE");
    // The drop is failure 1; its 3 retries all get 503; the 4th failure in a row ends the attempt.
    expect(cdnRequestsFor("model.safetensors").map((r) => r.status)).toEqual([206, 503, 503, 503]);
    expect((await listing(path.join(work, "temp"))).sort()).toEqual([expect.stringMatching(/\.incomplete$/), expect.stringMatching(/\.incomplete\.json$/)]);
    expect(await listing(path.join(work, "dest"))).toEqual(["config.json"]);

    hub.faults.clear();
    const retry = await downloadRepoFiles(options(BIG, { parts: 1 }));
    const blob = retry.files.find((f) => f.path === "model.safetensors")!;
    expect(blob).toMatchObject({ resumedBytes: 1_000_000, fetchedBytes: BIG_SIZE - 1_000_000 });
    expect(bigServed()).toBe(BIG_SIZE);
    expect((await readFile(path.join(work, "dest", "model.safetensors"))).equals(bigContent)).toBe(true);
  });

  it("resumes after the downloading process is killed (SIGKILL) without re-fetching finished bytes", async () => {
    hub.faults.add({ kind: "throttle", bytesPerSecond: 1_000_000, repoId: BIG });
    const childOptions = { ...options(BIG, { parts: 2, minPartBytes: 64 * 1024, flushIntervalMs: 100 }), hubUrl: hub.url };
    const output = await runChildUntil(childOptions, (progress) => progress.currentFile === "model.safetensors" && progress.bytesDone >= 0.4 * BIG_SIZE);
    const servedBeforeKill = bigServed();
    expect(servedBeforeKill).toBeGreaterThan(0.35 * BIG_SIZE);
    expect(servedBeforeKill).toBeLessThan(BIG_SIZE);
    expect(await listing(path.join(work, "dest"))).toEqual(["config.json"]);
    const temp = await readTree(path.join(work, "temp"));
    expect([...temp.keys()].every((name) => name.endsWith(".incomplete") || name.endsWith(".incomplete.json"))).toBe(true);
    expect(output.includes(TEST_TOKENS.granted)).toBe(false);

    hub.faults.clear();
    const resumed = await downloadRepoFiles(options(BIG, { parts: 2, minPartBytes: 64 * 1024 }));
    const blob = resumed.files.find((f) => f.path === "model.safetensors")!;
    expect(blob.resumedBytes).toBeGreaterThan(0.3 * BIG_SIZE);
    expect(blob.resumedBytes + blob.fetchedBytes).toBe(BIG_SIZE);
    // Re-fetched = what the killed process had received but not yet recorded (≤ ~one flush interval).
    const refetched = bigServed() - BIG_SIZE;
    expect(refetched).toBeGreaterThanOrEqual(0);
    expect(refetched).toBeLessThan(256 * 1024);
    expect((await readFile(path.join(work, "dest", "model.safetensors"))).equals(bigContent)).toBe(true);
  });

  it("catches a corrupted byte (LFS sha256) and fetches the file again once", async () => {
    hub.faults.add({ kind: "corrupt", offset: 2_000_000, repoId: BIG, path: "model.safetensors" });
    const result = await downloadRepoFiles(options(BIG));
    expect((await readFile(path.join(work, "dest", "model.safetensors"))).equals(bigContent)).toBe(true);
    expect(bigServed()).toBe(2 * BIG_SIZE);
    expect(result.files.find((f) => f.path === "model.safetensors")!.fetchedBytes).toBe(2 * BIG_SIZE);
  });

  it("catches a corrupted plain git file through its git blob id", async () => {
    hub.faults.add({ kind: "corrupt", offset: 10, repoId: LLAMA, path: "tokenizer.json" });
    await downloadRepoFiles(options(LLAMA));
    const size = hub.repos.get(LLAMA)!.files.get("tokenizer.json")!.size;
    expect(hub.stats.bytesServed(LLAMA, "tokenizer.json")).toBe(2 * size);
    expect((await readFile(path.join(work, "dest", "tokenizer.json"))).equals(await readFile(path.join(fixtureModelDir("llama"), "tokenizer.json")))).toBe(true);
  });

  it("a file corrupted twice ends in INTEGRITY and never reaches the destination", async () => {
    hub.faults.add({ kind: "corrupt", offset: 5, repoId: BIG, path: "model.safetensors", times: 2 });
    const error = await expectCode(downloadRepoFiles(options(BIG)), "INTEGRITY");
    expect(error.message).toContain("model.safetensors");
    expect(await listing(path.join(work, "dest"))).toEqual(["config.json"]);
    expect(await listing(path.join(work, "temp"))).toEqual([]);
  });

  it("aborts and retries a stalled part", async () => {
    hub.faults.add({ kind: "stall", afterBytes: 50_000, repoId: BIG, path: "model.safetensors" });
    const started = Date.now();
    await downloadRepoFiles(options(BIG, { parts: 2, minPartBytes: 64 * 1024, stallTimeoutMs: 300 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(cdnRequestsFor("model.safetensors")).toHaveLength(3);
    expect(bigServed()).toBe(BIG_SIZE);
    expect((await readFile(path.join(work, "dest", "model.safetensors"))).equals(bigContent)).toBe(true);
  });

  it("retries transient 5xx answers with backoff", async () => {
    hub.faults.add({ kind: "fail", status: 503, repoId: LLAMA, path: "model.safetensors", times: 2 });
    await downloadRepoFiles(options(LLAMA, { retries: 3 }));
    expect(cdnRequestsFor("model.safetensors").map((r) => r.status)).toEqual([503, 503, 206]);
  });

  it("cancel mid-download leaves no partial file anywhere", async () => {
    hub.faults.add({ kind: "throttle", bytesPerSecond: 500_000, repoId: BIG });
    const controller = new AbortController();
    const download = downloadRepoFiles(
      options(BIG, {
        signal: controller.signal,
        flushIntervalMs: 50,
        onProgress: (p) => p.currentFile === "model.safetensors" && p.bytesDone > 300_000 && controller.abort(),
      }),
    );
    await expectCode(download, "CANCELLED");
    expect(bigServed()).toBeGreaterThan(0);
    expect(bigServed()).toBeLessThan(BIG_SIZE);
    expect(await listing(path.join(work, "dest"))).toEqual(["config.json"]);
    expect(await listing(path.join(work, "temp"))).toEqual([]);
  });

  it("a full disk stops at once with INSUFFICIENT_STORAGE, keeps the partial bytes, and resumes once space is freed", async () => {
    await onTmpfs("1m", "the full-disk path", async (disk) => {
      const filler = path.join(disk, "filler");
      await writeFile(filler, Buffer.alloc(700 * 1024));
      const onDisk = { destDir: path.join(disk, "dest"), tempDir: path.join(disk, "temp") };
      const started = Date.now();
      await expectCode(downloadRepoFiles(options(LLAMA, { ...onDisk, retries: 3, backoffMs: 1_000 })), "INSUFFICIENT_STORAGE");
      expect(Date.now() - started).toBeLessThan(1_000); // not retried
      const temp = await readTree(onDisk.tempDir);
      const sidecar = [...temp.entries()].find(([name]) => name.endsWith(".incomplete.json"));
      expect(sidecar, "the sidecar survived the full disk").toBeDefined();
      expect((JSON.parse(sidecar![1].toString()) as { done: number[][] }).done.length).toBeGreaterThan(0);

      await rm(filler);
      const retry = await downloadRepoFiles(options(LLAMA, onDisk));
      const weights = retry.files.find((f) => f.path === "model.safetensors")!;
      expect(weights.resumedBytes).toBeGreaterThan(0);
      expect(weights.resumedBytes + weights.fetchedBytes).toBe(weights.size);
      expect((await readFile(path.join(onDisk.destDir, "model.safetensors"))).equals(await readFile(path.join(fixtureModelDir("llama"), "model.safetensors")))).toBe(true);
    });
  });
});

/** Runs download-child.ts (token through HF_TOKEN) and SIGKILLs it once `when` sees a progress event it likes. */
function runChildUntil(childOptions: DownloadRepoFilesOptions, when: (progress: DownloadProgress) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "test/hub/download-child.ts"), JSON.stringify(childOptions)], {
      cwd: REPO_ROOT,
      env: { ...process.env, HF_TOKEN: TEST_TOKENS.granted },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let buffered = "";
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        const message = JSON.parse(line) as { progress?: DownloadProgress };
        if (message.progress && when(message.progress)) child.kill("SIGKILL");
      }
    });
    child.on("exit", (code, signal) => (signal === "SIGKILL" ? resolve(output) : reject(new Error(`child exited (${code}) before it was killed: ${output}`))));
  });
}
