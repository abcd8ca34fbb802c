/**
 * One canonical weight from its checkpoint tensors, as float32 row-major: linears [N, K]
 * (nn.Linear's [out, in]; Conv1D's [in, out] is transposed), tables [rows, hidden], vectors [n].
 * Sources that need no reordering are decoded straight into their rows of the destination.
 */
import type { CanonicalWeight } from "../architectures/descriptor.ts";
import { transpose } from "../quant/transpose.ts";
import type { ReusableCheckpoint } from "../safetensors/index.ts";
import type { ScratchBuffers } from "./scratch.ts";

const elementCount = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * GPT-NeoX's fused rows are [heads, 3, head_dim]: reorder to [3, heads, head_dim] (q | k | v),
 * each row (of `rowWidth` values) moved whole.
 */
function deinterleaveHeads(values: Float32Array, out: Float32Array, numHeads: number, headDim: number, rowWidth: number): void {
  for (let head = 0; head < numHeads; head++) {
    for (let part = 0; part < 3; part++) {
      const from = (head * 3 + part) * headDim * rowWidth;
      const to = (part * numHeads + head) * headDim * rowWidth;
      out.set(values.subarray(from, from + headDim * rowWidth), to);
    }
  }
}

/** Writes `weight` into `target` (exactly its element count); temporaries come from `scratch`. */
export async function assembleWeightInto(checkpoint: ReusableCheckpoint, weight: CanonicalWeight, target: Float32Array, scratch: ScratchBuffers): Promise<void> {
  const rowWidth = weight.shape.length === 2 ? weight.shape[1]! : 1;
  // Head-interleaved rows are assembled in a temporary first, then reordered into the target.
  const assembled = weight.headInterleaved ? scratch.take(target.length) : target;
  let offset = 0;
  for (const source of weight.sources) {
    const count = elementCount(checkpoint.tensors.get(source.name)?.shape ?? []); // a missing tensor fails in the read below, named
    const rows = assembled.subarray(offset, offset + count);
    if (source.layout === "in_out") {
      const stored = scratch.take(count);
      await checkpoint.readFloat32Into(source.name, stored);
      transpose(stored, rowWidth, count / rowWidth, rows);
      scratch.give(stored);
    } else {
      await checkpoint.readFloat32Into(source.name, rows);
    }
    offset += count;
  }
  if (weight.headInterleaved) {
    deinterleaveHeads(assembled, target, weight.headInterleaved.numHeads, weight.headInterleaved.headDim, rowWidth);
    scratch.give(assembled);
  }
}
