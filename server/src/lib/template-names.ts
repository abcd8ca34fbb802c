/**
 * Template names as the seed (FR-4A) spells them:
 * `{hook}_layers{min}-{max}_{N}samples_{HHMM}`, or `{hook}_layer{N}_{N}samples_{HHMM}` for one
 * layer. Several hooks join with "+", "all" samples when unlimited, and relative selections name
 * their rule (`every4`, `last25pct`) since their layers depend on the model.
 */
import type { HookType, LayerSelection } from "../../../contracts/src/index.ts";

function layerPart(selection: LayerSelection): string {
  if ("every" in selection) return `every${selection.every}`;
  if ("lastPercent" in selection) return `last${selection.lastPercent}pct`;
  const min = Math.min(...selection.explicit);
  const max = Math.max(...selection.explicit);
  return min === max ? `layer${min}` : `layers${min}-${max}`;
}

export function autoTemplateName(hooks: readonly HookType[], selection: LayerSelection, maxSamples: number | null, at: Date): string {
  const hook = hooks.map((h) => h.toLowerCase()).join("+");
  const hhmm = `${String(at.getHours()).padStart(2, "0")}${String(at.getMinutes()).padStart(2, "0")}`;
  return `${hook}_${layerPart(selection)}_${maxSamples ?? "all"}samples_${hhmm}`;
}

/** The name itself when free, else the first free `name_2`, `name_3`, … */
export function nextFreeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) {
    const candidate = `${name}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
