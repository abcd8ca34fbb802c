import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os"; import path from "node:path";
import { HOOK_TYPES } from "./contracts/src/index.ts";
import { convertCheckpoint } from "./worker/src/engine/convert/convert.ts";
import { extractActivations, type TokenSource } from "./worker/src/extraction/pipeline.ts";
import { GPT2_SMALL, writeRandomCheckpoint } from "./bench/lib/random-checkpoint.ts";
const root = process.env.SPIN_ROOT ?? await mkdtemp(path.join(os.tmpdir(), "spin-"));
const v = path.join(root, "v");
if (!process.env.SPIN_ROOT) { await writeRandomCheckpoint(path.join(root, "raw"), GPT2_SMALL); await convertCheckpoint({ rawDir: path.join(root, "raw"), outDir: v, format: "FP32", tempDir: path.join(root, "t") }); console.log("ROOT", root); }
let st = 1; const rows = Array.from({ length: 40 }, () => Array.from({ length: 128 }, () => (st = (st * 1103515245 + 12345) >>> 0) % 50257));
const source: TokenSource = { total: 40, padTokenId: 0, identity: "x", tokenizer: null, async *rows(f) { yield* rows.slice(f); } };
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
for (let r = 0; r < 2; r++) {
  const c: { at: number; cpu: number; s: number }[] = [];
  const out = path.join(root, "o" + r + Date.now());
  await extractActivations({ variantDir: v, model: { modelId: "b", repoId: "b", revision: null, format: "FP32", architecture: "gpt2", numLayers: 12, hiddenSize: 768, maxPositions: 1024 }, dataset: { datasetId: null, source: null }, source,
    config: { layers: [...Array(12).keys()], hooks: [...HOOK_TYPES], maxSamples: null, batchSize: 8, sequenceLength: 128, topK: 100, storageDType: "float32" }, outDir: out, tempDir: path.join(root, "t"),
    onProgress: (e) => { if (e.samplesDone > 0 && c.at(-1)?.s !== e.samplesDone) c.push({ at: performance.now(), cpu: cpu(), s: e.samplesDone }); } });
  const a = c[0], b = c.at(-1)!; const tok = (b.s - a.s) * 128;
  console.log(`spin=${process.env.ORT_SPIN ?? "default"} wall ${(tok / ((b.at - a.at) / 1000)).toFixed(0)} tok/s, ${(tok / (b.cpu - a.cpu)).toFixed(0)} tok/CPU-s, load ${os.loadavg()[0].toFixed(1)}`);
  await rm(out, { recursive: true, force: true });
}
