import { describe, expect, it } from "vitest";
import type { ResolvedExtractionConfig } from "../../../contracts/src/index.ts";
import { FIRST_RUN_FLOPS, planExtraction, type CalibrationRecord, type PlanModel } from "./plan.ts";

const model: PlanModel = { modelId: "m1", format: "FP32", numLayers: 12, hiddenSize: 768, maxPositions: 1024 };
const config = (over: Partial<ResolvedExtractionConfig> = {}): ResolvedExtractionConfig => ({
  layers: [3, 5],
  hooks: ["RESIDUAL", "MLP"],
  maxSamples: null,
  batchSize: 32,
  sequenceLength: 128,
  topK: 100,
  storageDType: "float32",
  ...over,
});
const TB = 1e12;

describe("planExtraction", () => {
  it("computes exact storage: data + 4 KiB headers (page-aligned data), layer files and token files", () => {
    const plan = planExtraction({ config: config(), model, datasetSamples: 1000, freeDiskBytes: TB });
    const layerFile = 4096 + 1000 * 128 * 768 * 4;
    const tokenFile = 4096 + 1000 * 128 * 8;
    expect(plan.storageBytes).toBe(4 * layerFile + 2 * tokenFile);
    expect(plan.files.map((f) => f.name)).toEqual([
      "input_ids.npy",
      "attention_mask.npy",
      "layer_3_residual.npy",
      "layer_3_mlp.npy",
      "layer_5_residual.npy",
      "layer_5_mlp.npy",
    ]);
    const half = planExtraction({ config: config({ storageDType: "float16" }), model, datasetSamples: 1000, freeDiskBytes: TB });
    expect(half.storageBytes).toBe(4 * (4096 + 1000 * 128 * 768 * 2) + 2 * tokenFile);
  });

  it("takes min(maxSamples, dataset) samples", () => {
    expect(planExtraction({ config: config({ maxSamples: 10 }), model, datasetSamples: 1000, freeDiskBytes: TB }).samples).toBe(10);
    expect(planExtraction({ config: config({ maxSamples: 5000 }), model, datasetSamples: 1000, freeDiskBytes: TB }).samples).toBe(1000);
  });

  it("estimates a first run from FLOPs per token over the blocks run (deepest layer + 1)", () => {
    const plan = planExtraction({ config: config(), model, datasetSamples: 1000, freeDiskBytes: TB });
    const flopsPerToken = 6 * 2 * (4 * 768 * 768 + 2 * 768 * 3072);
    expect(plan.estimateSource).toBe("first-run");
    expect(plan.estimatedSeconds).toBeCloseTo((1000 * 128 * flopsPerToken) / FIRST_RUN_FLOPS, 6);
  });

  it("uses calibration records of the same variant, scaled to the depth run", () => {
    const records: CalibrationRecord[] = [
      { modelId: "m1", format: "FP32", blocksRun: 12, sequenceLength: 128, tokensPerSecond: 800, at: "t" },
      { modelId: "m1", format: "Q4", blocksRun: 12, sequenceLength: 128, tokensPerSecond: 1, at: "t" },
      { modelId: "other", format: "FP32", blocksRun: 12, sequenceLength: 128, tokensPerSecond: 1, at: "t" },
    ];
    const plan = planExtraction({ config: config(), model, datasetSamples: 1000, freeDiskBytes: TB, calibration: records });
    expect(plan.estimateSource).toBe("calibrated");
    // 6 of 12 blocks → twice the measured 800 tok/s
    expect(plan.estimatedSeconds).toBeCloseTo((1000 * 128) / 1600, 6);
  });

  it("warns over an hour and over 50 GB", () => {
    const plan = planExtraction({
      config: config({ layers: [11], hooks: ["RESIDUAL", "MLP", "ATTENTION"] }),
      model,
      datasetSamples: 200_000,
      freeDiskBytes: 1000 * TB,
    });
    expect(plan.storageBytes).toBeGreaterThan(50e9);
    expect(plan.estimatedSeconds).toBeGreaterThan(3600);
    expect(plan.warnings.join(" ")).toMatch(/over an hour/);
    expect(plan.warnings.join(" ")).toMatch(/over 50 GB/);
    const small = planExtraction({ config: config(), model, datasetSamples: 10, freeDiskBytes: TB, calibration: [{ modelId: "m1", format: "FP32", blocksRun: 6, sequenceLength: 128, tokensPerSecond: 800, at: "t" }] });
    expect(small.warnings).toEqual([]);
  });

  it("refuses with INSUFFICIENT_STORAGE when the disk cannot hold the output", () => {
    const needed = planExtraction({ config: config(), model, datasetSamples: 1000, freeDiskBytes: TB }).storageBytes;
    expect(() => planExtraction({ config: config(), model, datasetSamples: 1000, freeDiskBytes: needed - 1 })).toThrow(
      expect.objectContaining({ code: "INSUFFICIENT_STORAGE" }),
    );
    expect(planExtraction({ config: config(), model, datasetSamples: 1000, freeDiskBytes: needed }).storageBytes).toBe(needed);
  });

  it.each([
    [{ layers: [] }, "input.layers", /at least one layer/],
    [{ layers: [12] }, "input.layers", /0\.\.11/],
    [{ layers: [-1] }, "input.layers", /does not exist/],
    [{ layers: [1.5] }, "input.layers", /does not exist/],
    [{ hooks: [] }, "input.hookTypes", /at least one hook/],
    [{ batchSize: 24 }, "input.batchSize", /power of 2/],
    [{ batchSize: 1024 }, "input.batchSize", /power of 2/],
    [{ batchSize: 0 }, "input.batchSize", /power of 2/],
    [{ sequenceLength: 2048 }, "input.sequenceLength", /context of 1024/],
    [{ maxSamples: 0 }, "input.maxSamples", /positive/],
    [{ topK: -1 }, "input.topK", /Top-k/],
  ] as const)("rejects %j with a coded error on %s", (over, field, message) => {
    const run = () => planExtraction({ config: config(over as Partial<ResolvedExtractionConfig>), model, datasetSamples: 10, freeDiskBytes: TB });
    expect(run).toThrow(message);
    expect(run).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", field }));
  });

  it("sorts and deduplicates layers", () => {
    expect(planExtraction({ config: config({ layers: [5, 3, 5] }), model, datasetSamples: 10, freeDiskBytes: TB }).layers).toEqual([3, 5]);
  });
});
