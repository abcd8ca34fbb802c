/**
 * Relative layer selections let one template fit models of any depth: "every 4th layer", "the
 * last 25 %", or an explicit list. Resolution against a model's layer count is pure and total:
 * it returns sorted, distinct, in-range layers or throws a coded error naming the field.
 */
import { CodedError, type LayerSelection } from "../../../contracts/src/index.ts";

export function parseLayerSelection(input: { explicit?: number[] | null; every?: number | null; lastPercent?: number | null }, field: string): LayerSelection {
  const given = (["explicit", "every", "lastPercent"] as const).filter((key) => input[key] !== null && input[key] !== undefined);
  if (given.length !== 1) throw new CodedError("BAD_USER_INPUT", "Choose exactly one of explicit, every or lastPercent.", field);
  if (input.explicit) {
    if (input.explicit.length === 0) throw new CodedError("BAD_USER_INPUT", "Select at least one layer.", `${field}.explicit`);
    if (input.explicit.some((layer) => !Number.isInteger(layer) || layer < 0)) throw new CodedError("BAD_USER_INPUT", "Layers are non-negative integers.", `${field}.explicit`);
    return { explicit: [...new Set(input.explicit)].sort((a, b) => a - b) };
  }
  if (input.every !== null && input.every !== undefined) {
    if (!Number.isInteger(input.every) || input.every < 1) throw new CodedError("BAD_USER_INPUT", "`every` is a positive integer.", `${field}.every`);
    return { every: input.every };
  }
  const percent = input.lastPercent!;
  if (!(percent > 0 && percent <= 100)) throw new CodedError("BAD_USER_INPUT", "`lastPercent` is greater than 0 and at most 100.", `${field}.lastPercent`);
  return { lastPercent: percent };
}

export function resolveLayers(selection: LayerSelection, numLayers: number, field: string): number[] {
  if ("explicit" in selection) {
    const outOfRange = selection.explicit.filter((layer) => layer >= numLayers);
    if (outOfRange.length) throw new CodedError("BAD_USER_INPUT", `The model has layers 0..${numLayers - 1}; ${outOfRange.join(", ")} do not exist.`, field);
    return [...selection.explicit];
  }
  if ("every" in selection) return Array.from({ length: Math.ceil(numLayers / selection.every) }, (_, i) => i * selection.every);
  // At least one layer, rounding up so "last 25 %" of 6 layers is 2 layers, not 1.
  const count = Math.max(1, Math.ceil((numLayers * selection.lastPercent) / 100));
  return Array.from({ length: count }, (_, i) => numLayers - count + i);
}
