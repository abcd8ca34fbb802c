import { describe, expect, it } from "vitest";
import type { RoledTensor } from "../contracts.ts";
import { estimateFormats } from "./estimate-formats.ts";

const tensor = (name: string, role: RoledTensor["role"], shape: number[], layout?: RoledTensor["layout"]): RoledTensor => ({
  name,
  role,
  shape,
  dtype: "BF16",
  file: "model.safetensors",
  byteLength: shape.reduce((a, b) => a * b, 2),
  ...(layout ? { layout } : {}),
});

// A toy model: vocab 10, hidden 64. Parameters: 640 + 2048 + 6144 + 64 + 96 + 640 = 9632.
const body = [
  tensor("embed", "embedding", [10, 64]),
  tensor("q_proj", "block_linear", [32, 64], "out_in"), // N 32, K 64: 2 blocks per row
  tensor("c_fc", "block_linear", [64, 96], "in_out"), // Conv1D: N 96, K 64
  tensor("ln.weight", "norm", [64]),
  tensor("c_fc.bias", "bias", [96]),
  tensor("attn.masked_bias", "other", [5]), // unused buffer: neither written nor counted
];
const untied = [...body, tensor("lm_head", "lm_head", [10, 64], "out_in")];

// Hand-computed, block 32:
//  4-bit [32,64]: codes 32·2·16 = 1024, scales 32·2·4 = 256, zero points 32·1 = 32 → 1312
//  4-bit [96,64]: 96·2·16 = 3072 + 768 + 96 → 3936                    (block linears 5248)
//  8-bit [32,64]: 2048 + 256 + 64 = 2368; [96,64]: 6144 + 768 + 192 = 7104 (9472)
//  2-bit [32,64]: 512 + 256 + 32 = 800;   [96,64]: 1536 + 768 + 96 = 2400 (3200)
//  LM head at 8 bits, [10,64]: 640 + 80 + 20 = 740
//  norm + bias FP32: 160·4 = 640; embedding: 640·4 = 2560 (FP32) or 640·2 = 1280
const expectedWeights = {
  FP32: { blockLinearBytes: 8192 * 4, lmHeadBytes: 2560, embeddingBytes: 2560, otherBytes: 640 },
  FP16: { blockLinearBytes: 8192 * 2, lmHeadBytes: 1280, embeddingBytes: 1280, otherBytes: 640 },
  Q8: { blockLinearBytes: 9472, lmHeadBytes: 740, embeddingBytes: 1280, otherBytes: 640 },
  Q4: { blockLinearBytes: 5248, lmHeadBytes: 740, embeddingBytes: 1280, otherBytes: 640 },
  Q2: { blockLinearBytes: 3200, lmHeadBytes: 740, embeddingBytes: 1280, otherBytes: 640 },
};
const PARAMETERS = 9632;

describe("estimateFormats", () => {
  it("prices every role per format as contracts/src/formats.ts says (hand-computed)", () => {
    const estimates = estimateFormats(untied, false);
    expect(estimates.map((e) => e.format)).toEqual(["FP32", "FP16", "Q8", "Q4", "Q2"]);
    for (const estimate of estimates) {
      const expected = expectedWeights[estimate.format];
      expect(estimate.breakdown, estimate.format).toMatchObject(expected);
      const weightBytes = Object.values(expected).reduce((a, b) => a + b, 0);
      expect(estimate.bitsPerWeight).toBeCloseTo((weightBytes * 8) / PARAMETERS, 10);
      // The container (model.onnx + alignment) adds a stated, small amount on top of the weights.
      expect(estimate.diskBytes).toBeGreaterThan(weightBytes);
      expect(estimate.diskBytes - weightBytes).toBeLessThan(100_000);
    }
    expect(estimates[0].bitsPerWeight).toBeCloseTo(32, 10);
  });

  it("writes a tied LM head separately, in the head's format, without counting its parameters twice", () => {
    const tied = estimateFormats(body, true);
    const untiedEstimates = estimateFormats(untied, false);
    tied.forEach((estimate, i) => {
      expect(estimate.breakdown.lmHeadBytes).toBe(expectedWeights[estimate.format].lmHeadBytes);
      expect(estimate.diskBytes).toBe(untiedEstimates[i].diskBytes);
      // Same bytes over 640 fewer parameters.
      expect(estimate.bitsPerWeight).toBeCloseTo((untiedEstimates[i].bitsPerWeight * PARAMETERS) / (PARAMETERS - 640), 10);
    });
  });

  it("holds FP16 dense weights as float32 at run time but keeps block linears packed and the fp16 table at 2 B", () => {
    const byFormat = Object.fromEntries(estimateFormats(untied, false).map((e) => [e.format, e]));
    // FP32 and FP16: every weight at 4 B except FP16's gathered embedding (2 B).
    expect(byFormat.FP32.breakdown.runtimeWeightBytes).toBe(PARAMETERS * 4);
    expect(byFormat.FP16.breakdown.runtimeWeightBytes).toBe(PARAMETERS * 4 - 1280);
    // Q4: packed block linears and LM head as on disk, fp16 embedding, fp32 rest.
    expect(byFormat.Q4.breakdown.runtimeWeightBytes).toBe(5248 + 740 + 1280 + 640);
    for (const e of Object.values(byFormat)) expect(e.memoryBytes).toBe(e.breakdown.runtimeWeightBytes + e.breakdown.runtimeOverheadBytes);
    // The stated process baseline (Node + tsx + onnxruntime-node), the same for every format.
    for (const e of Object.values(byFormat)) expect(e.breakdown.runtimeOverheadBytes).toBe(120e6);
  });

  it("rejects a list without weights and a linear that is not a matrix", () => {
    expect(() => estimateFormats([tensor("x", "other", [3])], false)).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT" }));
    expect(() => estimateFormats([tensor("w", "block_linear", [64])], false)).toThrow(expect.objectContaining({ code: "INTERNAL", message: expect.stringContaining('"w"') }));
  });
});
