/** Exact parameter counts from safetensors headers (shapes, not the self-reported metadata). Pure. */
import type { HeaderTensor } from "./read-safetensors-headers.ts";

export function parametersByDType(tensors: readonly HeaderTensor[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const tensor of tensors) {
    counts[tensor.dtype] = (counts[tensor.dtype] ?? 0) + tensor.shape.reduce((product, dim) => product * dim, 1);
  }
  return counts;
}

export function totalParameters(byDType: Readonly<Record<string, number>>): number {
  return Object.values(byDType).reduce((sum, count) => sum + count, 0);
}
