/**
 * npm run bench:convert — conversion speed and memory on random-weight checkpoints with real
 * shapes (GPT-2 small; TinyLlama-shaped 1.1B unless BENCH_SMALL=1). Prints figures beside the
 * goals of issue #4; asserts nothing. Every measurement runs in its own child process so its
 * peak RSS (VmHWM) is its own. Needs ~2.5 GB of temporary disk for the 1.1B part (+4.4 GB while
 * its FP32 variant exists); everything is deleted at the end.
 */
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { QUANTIZATION_FORMATS, type QuantizationFormat } from "../contracts/src/index.ts";
import { classifyTensors, normalizeConfig } from "../worker/src/engine/architectures/index.ts";
import { estimateFormats } from "../worker/src/engine/estimate/index.ts";
import { openCheckpoint } from "../worker/src/engine/safetensors/index.ts";
import { runJsonChild } from "../worker/src/engine/validate/child.ts";
import type { MeasureTask } from "./lib/measure-child.ts";
import { describeMachine } from "./lib/machine.ts";
import { GPT2_SMALL, parameterCount, TINYLLAMA_1B, writeRandomCheckpoint, type BenchShape } from "./lib/random-checkpoint.ts";

const GOALS = { q4Seconds1B: 20, peakRssBytes: 1.5e9, paramsPerSecondPerCore: 100e6 };
const CORES = os.availableParallelism();
const CHILD = new URL("./lib/measure-child.ts", import.meta.url);

async function measure(task: MeasureTask): Promise<Record<string, number | string | null> & { peakRssBytes: number; cpuSeconds: number }> {
  return runJsonChild(CHILD, [JSON.stringify(task)]);
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const s = (seconds: number) => `${seconds.toFixed(2)} s`;
const mps = (perSecond: number) => `${(perSecond / 1e6).toFixed(0)} M/s`;
/** Load from other processes makes 2-core timings fragile (ORT.md); printed with every table. */
const load = () => `load average ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")}`;
const row = (...cells: Array<string | number>) => console.log(cells.map((c, i) => String(c).padEnd(i === 0 ? 26 : 16)).join(""));

async function benchQuantKernel(): Promise<void> {
  console.log(`\n== Quantization kernel, [5632, 2048] (TinyLlama MLP), block 32, median of 5 — goal ≥ ${mps(GOALS.paramsPerSecondPerCore)} per core (${load()})`);
  row("bits", "1 thread (no pool)", `pool ×${CORES} wall`, "pool per core");
  for (const bits of [4, 8, 2] as const) {
    const single = await measure({ kind: "quantize", n: 5632, k: 2048, bits, threads: 0 });
    const pooled = await measure({ kind: "quantize", n: 5632, k: 2048, bits, threads: CORES });
    row(`${bits}-bit`, mps(Number(single.paramsPerSecond)), mps(Number(pooled.paramsPerSecond)), mps(Number(pooled.paramsPerSecond) / CORES));
  }
}

async function estimatesFor(rawDir: string, config: Record<string, unknown>) {
  const checkpoint = await openCheckpoint(rawDir);
  try {
    const roled = classifyTensors(config, [...checkpoint.tensors.values()]);
    return new Map(estimateFormats(roled, normalizeConfig(config).tiedEmbeddings).map((e) => [e.format, e]));
  } finally {
    await checkpoint.close();
  }
}

async function benchShape(shape: BenchShape, root: string, options: { fullConversion: readonly QuantizationFormat[]; sessions: boolean }): Promise<void> {
  const params = parameterCount(shape);
  const rawDir = path.join(root, "raw");
  console.log(`\n== ${shape.label}: ${(params / 1e6).toFixed(0)} M parameters, bf16`);
  let started = performance.now();
  await writeRandomCheckpoint(rawDir, shape);
  const file = path.join(rawDir, "model.safetensors");
  const fileBytes = (await stat(file)).size;
  console.log(`checkpoint written: ${mb(fileBytes)} in ${s((performance.now() - started) / 1000)}`);
  const read = await measure({ kind: "read", file });
  console.log(`read the checkpoint once (sequential 16 MiB reads, page cache warm): ${s(Number(read.seconds))} = ${(fileBytes / Number(read.seconds) / 1e9).toFixed(2)} GB/s`);
  const estimates = await estimatesFor(rawDir, shape.config);

  console.log(`\nweights-only conversion (read → assemble → quantize → append + model.onnx; no validation/fidelity) (${load()}):`);
  console.log("  per CPU-s = parameters per CPU-second of the conversion process (all threads): the per-core rate, whatever else runs");
  row("format", "seconds", "CPU s", "params/s", "per CPU-s", "peak RSS", "disk", "estimate disk", "session create", "RSS create/fwd", "estimate memory");
  for (const format of QUANTIZATION_FORMATS) {
    const outDir = path.join(root, `weights-${format}`);
    const weights = await measure({ kind: "weights", rawDir, outDir, format });
    const seconds = Number(weights.seconds);
    const disk = Number(weights.payloadBytes) + Number(weights.graphBytes);
    const estimate = estimates.get(format)!;
    const session = options.sessions ? await measure({ kind: "session", variantDir: outDir, vocabSize: Number(shape.config.vocab_size) }) : undefined;
    row(
      format,
      s(seconds),
      s(weights.cpuSeconds),
      mps(params / seconds),
      mps(params / weights.cpuSeconds),
      mb(weights.peakRssBytes),
      mb(disk),
      mb(estimate.diskBytes),
      session ? s(Number(session.seconds)) : "–",
      session ? `${mb(Number(session.rssAfterCreateBytes))}/${mb(Number(session.rssAfterForwardBytes))}` : "–",
      mb(estimate.memoryBytes),
    );
    await rm(outDir, { recursive: true, force: true });
  }

  if (options.fullConversion.length > 0) {
    console.log(`\nfull convertCheckpoint (conversion + validation forward + FP32 reference build + fidelity report) (${load()}):`);
    row("format", "seconds", "CPU s", "peak RSS", "disk", "bits/weight");
    for (const format of options.fullConversion) {
      const outDir = path.join(root, `full-${format}`);
      const full = await measure({ kind: "full", rawDir, outDir, tempDir: path.join(root, "temp"), format });
      row(format, s(Number(full.seconds)), s(full.cpuSeconds), mb(full.peakRssBytes), mb(Number(full.diskBytes)), Number(full.bitsPerWeight).toFixed(3));
      await rm(outDir, { recursive: true, force: true });
    }
  }
}

const root = await mkdtemp(path.join(os.tmpdir(), "bench-convert-"));
console.log(`bench:convert on ${describeMachine()}; temp ${root}`);
console.log(`goals: Q4 of the 1.1B shape ≤ ${GOALS.q4Seconds1B} s on 2 cores · peak RSS ≤ ${mb(GOALS.peakRssBytes)} · quantization ≥ ${mps(GOALS.paramsPerSecondPerCore)} per core`);
try {
  await benchQuantKernel();
  await benchShape(GPT2_SMALL, path.join(root, "gpt2"), { fullConversion: QUANTIZATION_FORMATS, sessions: true });
  await rm(path.join(root, "gpt2"), { recursive: true, force: true });
  if (process.env.BENCH_SMALL === "1") console.log("\nBENCH_SMALL=1: skipping the 1.1B shape");
  else await benchShape(TINYLLAMA_1B, path.join(root, "tinyllama"), { fullConversion: ["Q4"], sessions: true });
} finally {
  await rm(root, { recursive: true, force: true });
}
