/**
 * One measurement in its own process, so its peak RSS (VmHWM, worker threads included) belongs
 * to that measurement alone. Usage: node --import tsx bench/lib/measure-child.ts '<json task>'.
 * Prints one JSON line: the task's figures plus peakRssBytes.
 */
import { mkdir, open, readFile, stat } from "node:fs/promises";
import path from "node:path";
import * as ort from "onnxruntime-node";
import type { QuantizationFormat } from "../../contracts/src/index.ts";
import { describeModel } from "../../worker/src/engine/architectures/index.ts";
import { convertCheckpoint } from "../../worker/src/engine/convert/convert.ts";
import { writeVariant } from "../../worker/src/engine/convert/write-variant.ts";
import { MODEL_FILE } from "../../worker/src/engine/graph/index.ts";
import { quantizeBlockwise } from "../../worker/src/engine/quant/blockwise.ts";
import { createQuantPool } from "../../worker/src/engine/quant/pool.ts";
import { openCheckpoint } from "../../worker/src/engine/safetensors/index.ts";
import { makeProbe, SESSION_OPTIONS } from "../../worker/src/engine/validate/index.ts";
import { probeFeeds } from "../../worker/src/engine/validate/probe.ts";

export type MeasureTask =
  | { readonly kind: "read"; readonly file: string }
  | { readonly kind: "quantize"; readonly n: number; readonly k: number; readonly bits: 2 | 4 | 8; readonly threads: number }
  | { readonly kind: "weights"; readonly rawDir: string; readonly outDir: string; readonly format: QuantizationFormat }
  | { readonly kind: "full"; readonly rawDir: string; readonly outDir: string; readonly tempDir: string; readonly format: QuantizationFormat }
  | { readonly kind: "session"; readonly variantDir: string; readonly vocabSize: number };

async function procStatusBytes(field: "VmHWM" | "VmRSS"): Promise<number> {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(await readFile("/proc/self/status", "utf8"));
  return match ? Number(match[1]) * 1024 : NaN;
}

const seconds = (started: number) => (performance.now() - started) / 1000;

async function run(task: MeasureTask): Promise<Record<string, number | string | null>> {
  switch (task.kind) {
    case "read": {
      // Sequential 16 MiB reads into one reused buffer: the floor for any converter's input side.
      const handle = await open(task.file, "r");
      const buffer = new Uint8Array(16 << 20);
      const started = performance.now();
      let bytes = 0;
      for (let n; (n = (await handle.read(buffer, 0, buffer.length, bytes)).bytesRead) > 0; ) bytes += n;
      await handle.close();
      return { seconds: seconds(started), bytes };
    }
    case "quantize": {
      const weight = new Float32Array(task.n * task.k);
      for (let i = 0; i < weight.length; i++) weight[i] = Math.sin(i) * 0.04;
      const params = task.n * task.k;
      const times: number[] = [];
      const pool = task.threads > 0 ? createQuantPool(task.threads) : undefined;
      if (pool) await pool.quantize(weight, task.n, task.k, task.bits, 32); // thread start-up and JIT warm-up
      else quantizeBlockwise(weight, task.n, task.k, task.bits, 32);
      for (let rep = 0; rep < 5; rep++) {
        const started = performance.now();
        if (pool) await pool.quantize(weight, task.n, task.k, task.bits, 32);
        else quantizeBlockwise(weight, task.n, task.k, task.bits, 32);
        times.push(seconds(started));
      }
      await pool?.close();
      const median = times.sort((a, b) => a - b)[2];
      return { seconds: median, paramsPerSecond: params / median };
    }
    case "weights": {
      // The conversion proper: read → assemble → quantize → append, plus model.onnx (no validation).
      const started = performance.now();
      const checkpoint = await openCheckpoint(task.rawDir);
      const config: unknown = JSON.parse(await readFile(path.join(task.rawDir, "config.json"), "utf8"));
      const description = describeModel(config, [...checkpoint.tensors.values()]);
      const pool = createQuantPool();
      await mkdir(task.outDir, { recursive: true });
      const written = await writeVariant({ checkpoint, description, format: task.format, dir: task.outDir, pool, concurrency: 2 });
      await pool.close();
      await checkpoint.close();
      const graphBytes = (await stat(path.join(task.outDir, MODEL_FILE))).size;
      return { seconds: seconds(started), payloadBytes: written.payloadBytes, graphBytes };
    }
    case "full": {
      const result = await convertCheckpoint({ rawDir: task.rawDir, outDir: task.outDir, tempDir: task.tempDir, format: task.format });
      return { seconds: result.seconds, format: result.format, diskBytes: result.diskBytes, bitsPerWeight: result.bitsPerWeight, fallbackReason: result.fallbackReason };
    }
    case "session": {
      const before = await procStatusBytes("VmRSS");
      const started = performance.now();
      const session = await ort.InferenceSession.create(path.join(task.variantDir, MODEL_FILE), SESSION_OPTIONS);
      const createSeconds = seconds(started);
      const rss = await procStatusBytes("VmRSS");
      // ORT maps external weights lazily; one forward on the validation probe touches them all.
      await session.run(probeFeeds(makeProbe(task.vocabSize)));
      const rssAfterForward = await procStatusBytes("VmRSS");
      await session.release();
      return { seconds: createSeconds, rssAfterCreateBytes: rss, rssAfterForwardBytes: rssAfterForward, rssBeforeBytes: before };
    }
  }
}

const task = JSON.parse(process.argv[2] ?? "null") as MeasureTask;
const cpuBefore = process.cpuUsage();
const figures = await run(task);
// CPU seconds of every thread of this process: against wall seconds it shows how much CPU the task really got.
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(`${JSON.stringify({ ...figures, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssBytes: await procStatusBytes("VmHWM") })}\n`);
