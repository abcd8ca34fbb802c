/** TEST SUPPORT: run an .onnx graph on int64 inputs given as nested arrays. */
import * as ort from "onnxruntime-node";

export interface Batch {
  readonly ids: number[][];
  readonly mask: number[][];
}

export const flatMask = (batch: Batch) => BigInt64Array.from(batch.mask.flat().map(BigInt));

export async function runGraph(modelPath: string, batch: Batch): Promise<Map<string, ort.Tensor>> {
  const dims = [batch.ids.length, batch.ids[0]!.length];
  const session = await ort.InferenceSession.create(modelPath, { executionProviders: ["cpu"], intraOpNumThreads: 1, graphOptimizationLevel: "all" });
  try {
    const out = await session.run({
      input_ids: new ort.Tensor("int64", BigInt64Array.from(batch.ids.flat().map(BigInt)), dims),
      attention_mask: new ort.Tensor("int64", flatMask(batch), dims),
    });
    return new Map(Object.entries(out));
  } finally {
    await session.release();
  }
}
