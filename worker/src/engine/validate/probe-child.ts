/**
 * Child-process entry of the validation pass: loads one graph, runs the probe, checks every
 * output is finite and reports the memory this process needed for it. A fresh process is the
 * only honest way to measure a model's resident memory: in the worker, freed conversion buffers
 * get reused by the session and hide its cost.
 * argv: <model.onnx> <vocabSize>; prints one JSON line (ProbeChildReport) on stdout.
 */
import { makeProbe, runProbe } from "./probe.ts";

export interface ProbeChildReport {
  readonly baselineRssBytes: number;
  readonly peakRssBytes: number;
  readonly sessionSeconds: number;
  readonly forwardSeconds: number;
  readonly outputsChecked: number;
  /** First non-finite output found, if any. */
  readonly nonFinite: { readonly output: string; readonly value: number } | null;
}

const [modelPath, vocab] = process.argv.slice(2);
const baselineRssBytes = process.memoryUsage.rss();
const run = await runProbe(modelPath!, makeProbe(Number(vocab)));
let nonFinite: ProbeChildReport["nonFinite"] = null;
for (const [output, values] of run.outputs) {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    nonFinite = { output, value: values[bad]! };
    break;
  }
}
const report: ProbeChildReport = {
  baselineRssBytes,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  sessionSeconds: run.sessionSeconds,
  forwardSeconds: run.forwardSeconds,
  outputsChecked: run.outputs.size,
  nonFinite,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
