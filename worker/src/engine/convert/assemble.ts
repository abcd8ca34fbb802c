/**
 * One canonical weight from its checkpoint tensors, as float32 row-major: linears [N, K]
 * (nn.Linear's [out, in]; Conv1D's [in, out] is transposed), tables [rows, hidden], vectors [n].
 */
import type { CanonicalWeight } from "../architectures/descriptor.ts";
import type { Checkpoint } from "../contracts.ts";
import { transpose } from "../quant/transpose.ts";

/**
 * GPT-NeoX's fused rows are [heads, 3, head_dim]: reorder to [3, heads, head_dim] (q | k | v),
 * each row (of `rowWidth` values) moved whole.
 */
function deinterleaveHeads(values: Float32Array, numHeads: number, headDim: number, rowWidth: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let head = 0; head < numHeads; head++) {
    for (let part = 0; part < 3; part++) {
      const from = (head * 3 + part) * headDim * rowWidth;
      const to = (part * numHeads + head) * headDim * rowWidth;
      out.set(values.subarray(from, from + headDim * rowWidth), to);
    }
  }
  return out;
}

export async function assembleWeight(checkpoint: Checkpoint, weight: CanonicalWeight): Promise<Float32Array> {
  const rowWidth = weight.shape.length === 2 ? weight.shape[1]! : 1;
  const parts: Float32Array[] = [];
  for (const source of weight.sources) {
    const values = await checkpoint.readFloat32(source.name);
    parts.push(source.layout === "in_out" ? transpose(values, rowWidth, values.length / rowWidth) : values);
  }
  let values = parts.length === 1 ? parts[0]! : concat(parts);
  if (weight.headInterleaved) values = deinterleaveHeads(values, weight.headInterleaved.numHeads, weight.headInterleaved.headDim, rowWidth);
  return values;
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
