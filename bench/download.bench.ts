/**
 * npm run bench:download — prints figures, asserts nothing.
 *
 * A 1 GiB file (generated here, streaming) is served by the local Hub on loopback:
 *  1. throughput of downloadRepoFiles (4 parts, sha256 verified) versus curl fetching the same file
 *     in the same run, with the server in its own process (goal: ≥ 0.8× curl);
 *  2. bytes fetched again when a download killed (SIGKILL) at about 50 % is resumed
 *     (goal: under one part's worth).
 * Temp files are removed at the end.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { startHubServer } from "../test/hub-server/index.ts";
import { REPO_ROOT } from "../test/support/fixtures.ts";
import { downloadRepoFiles, type DownloadFileSpec } from "../worker/src/hub/download-repo-files.ts";

const SIZE = 2 ** 30;
const PARTS = 4;
const REPO = "bench/one-gib";
const FILE = "model.safetensors";
// Five: the first rounds on a freshly booted VM pay for touching guest memory for the first time (curl too), and the median should not be one of them.
const ROUNDS = 5;

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const rate = (bytes: number, ms: number) => (bytes / 2 ** 20 / (ms / 1000)).toFixed(0);

async function generate(filePath: string): Promise<string> {
  const hash = createHash("sha256");
  const out = createWriteStream(filePath);
  const block = randomBytes(1 << 20);
  for (let i = 0; i < SIZE >> 20; i++) {
    block.writeUInt32LE(i, 0); // every MiB differs, so a misplaced range cannot pass the hash
    hash.update(block);
    if (!out.write(Buffer.from(block))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return hash.digest("hex");
}

/** The local Hub in a child process; resolves with its URL. */
async function startServerProcess(filePath: string, sha256: string) {
  const extraRepos = [{ id: REPO, files: { [FILE]: { filePath, sha256 } } }];
  const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "test/hub-server/cli.ts"), JSON.stringify({ extraRepos })], {
    cwd: REPO_ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const [line] = (await once(child.stdout, "data")) as [Buffer];
  const { url } = JSON.parse(line.toString().split("\n")[0]) as { url: string };
  return { url, stop: () => child.stdin.end() };
}

/** curl through /usr/bin/time: wall and CPU (user + system) milliseconds. */
function curl(url: string, out: string): { wallMs: number; cpuMs: number } {
  const started = performance.now();
  const result = spawnSync("/usr/bin/time", ["-f", "%U %S", "curl", "-sS", "-L", "-o", out, url]);
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`curl failed: ${result.stderr.toString()}`);
  const [user, system] = result.stderr.toString().trim().split("\n").at(-1)!.split(" ").map(Number);
  return { wallMs, cpuMs: (user + system) * 1000 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** download-child.ts, killed with SIGKILL once its progress reaches `killAt` %; returns the percent it reached. */
function downloadAndKill(options: object, killAt: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "test/hub/download-child.ts"), JSON.stringify(options)], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let buffered = "";
    let reached = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        const { progress } = JSON.parse(line) as { progress?: { percent: number } };
        if (progress && progress.percent >= killAt && reached < killAt) {
          reached = progress.percent;
          child.kill("SIGKILL");
        }
      }
    });
    child.on("exit", (_code, signal) => (signal === "SIGKILL" ? resolve(reached) : reject(new Error("the download finished before it could be killed"))));
  });
}

const work = await mkdtemp(path.join(os.tmpdir(), "bench-download-"));
try {
  const source = path.join(work, "source.bin");
  let started = performance.now();
  const sha256 = await generate(source);
  console.log(`generated ${mb(SIZE)} MiB in ${((performance.now() - started) / 1000).toFixed(1)} s (sha256 ${sha256.slice(0, 12)}…)`);
  const files: DownloadFileSpec[] = [{ path: FILE, size: SIZE, sha256 }];

  // 1. Throughput, server in its own process.
  const server = await startServerProcess(source, sha256);
  const curlRuns: Array<{ wallMs: number; cpuMs: number }> = [];
  const ourRuns: Array<{ wallMs: number; cpuMs: number }> = [];
  try {
    // Interleaved, so both see the same machine load (this box is shared; wall times swing).
    for (let round = 1; round <= ROUNDS; round++) {
      const curlOut = path.join(work, "curl.out");
      curlRuns.push(curl(`${server.url}/${REPO}/resolve/main/${FILE}`, curlOut));
      await rm(curlOut);
      const dest = path.join(work, `dest-${round}`);
      const cpuBefore = process.cpuUsage();
      started = performance.now();
      await downloadRepoFiles({ repoId: REPO, revision: "main", files, destDir: dest, tempDir: path.join(work, "temp"), hubUrl: server.url, parts: PARTS });
      const cpu = process.cpuUsage(cpuBefore);
      ourRuns.push({ wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 });
      await rm(dest, { recursive: true });
      const [c, o] = [curlRuns.at(-1)!, ourRuns.at(-1)!];
      console.log(
        `round ${round} (load ${os.loadavg()[0].toFixed(1)}): curl ${rate(SIZE, c.wallMs)} MiB/s (${(c.cpuMs / 1000).toFixed(2)} s CPU), ` +
          `downloadRepoFiles ${rate(SIZE, o.wallMs)} MiB/s (${(o.cpuMs / 1000).toFixed(2)} s CPU, sha256 included) → ${(c.wallMs / o.wallMs).toFixed(2)}×`,
      );
    }
  } finally {
    server.stop();
  }
  const ratios = curlRuns.map((c, i) => c.wallMs / ourRuns[i].wallMs);
  const bestCurl = Math.min(...curlRuns.map((r) => r.wallMs));
  const bestOurs = Math.min(...ourRuns.map((r) => r.wallMs));
  console.log(
    `throughput: best curl ${rate(SIZE, bestCurl)} MiB/s, best downloadRepoFiles ${rate(SIZE, bestOurs)} MiB/s → ${(bestCurl / bestOurs).toFixed(2)}× curl; ` +
      `median per-round ratio ${median(ratios).toFixed(2)}× (goal ≥ 0.80×)`,
  );
  console.log(
    `client CPU per GiB: curl ${(median(curlRuns.map((r) => r.cpuMs)) / 1000).toFixed(2)} s, downloadRepoFiles ${(median(ourRuns.map((r) => r.cpuMs)) / 1000).toFixed(2)} s (ours also hashes every byte)`,
  );

  // 2. Kill at ~50 %, resume; count what the server sent twice.
  const hub = await startHubServer({ repos: [{ id: REPO, files: { [FILE]: { filePath: source, sha256 } } }] });
  try {
    const options = { repoId: REPO, revision: "main", files, destDir: path.join(work, "dest-resume"), tempDir: path.join(work, "temp-resume"), hubUrl: hub.url, parts: PARTS };
    const reached = await downloadAndKill(options, 50);
    const beforeKill = hub.stats.bytesServed(REPO, FILE);
    const result = await downloadRepoFiles(options);
    const refetched = hub.stats.bytesServed(REPO, FILE) - SIZE;
    const partBytes = SIZE / PARTS;
    console.log(
      `resume after SIGKILL at ${reached.toFixed(0)} %: served before kill ${mb(beforeKill)} MiB, resumed from disk ${mb(result.files[0].resumedBytes)} MiB, ` +
        `re-fetched ${mb(refetched)} MiB (goal < one part = ${mb(partBytes)} MiB) → ${refetched < partBytes ? "met" : "NOT met"}`,
    );
  } finally {
    await hub.close();
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
