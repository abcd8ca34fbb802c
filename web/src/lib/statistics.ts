/**
 * Reads an extraction's statistics (JSON from statistics.json) into rows per layer × hook. The
 * worker writes snake_case keys in the file; the API may pass them through or camelCase them, and
 * may key entries as `layer_{L}_{hook}` or list them; all of those are accepted here.
 */
export interface StatisticsRow {
  layer: number;
  hook: string;
  meanMagnitude: number;
  maxMagnitude: number;
  sparsity: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const pick = (o: Json, ...names: string[]) => {
  for (const name of names) if (typeof o[name] === "number") return o[name] as number;
  return Number.NaN;
};

function row(o: Json, layer: unknown, hook: unknown): StatisticsRow | null {
  const result = {
    layer: Number(o.layer ?? layer),
    hook: String(o.hook ?? o.hookType ?? o.hook_type ?? hook).toLowerCase(),
    meanMagnitude: pick(o, "meanMagnitude", "mean_magnitude", "meanAbs", "mean_abs", "mean"),
    maxMagnitude: pick(o, "maxMagnitude", "max_magnitude", "maxAbs", "max_abs", "max"),
    sparsity: pick(o, "sparsity"),
  };
  return Number.isFinite(result.layer) && Number.isFinite(result.meanMagnitude) ? result : null;
}

export function readStatistics(json: unknown): StatisticsRow[] {
  if (Array.isArray(json)) return json.flatMap((o) => (isObject(o) ? [row(o, undefined, undefined)].filter((r) => r !== null) : []));
  if (!isObject(json)) return [];
  for (const key of ["entries", "taps", "layers", "statistics"]) if (Array.isArray(json[key])) return readStatistics(json[key]);
  const rows: StatisticsRow[] = [];
  for (const [key, value] of Object.entries(json)) {
    if (!isObject(value)) continue;
    const named = /^layer_(\d+)_([a-z]+)$/.exec(key);
    if (named) {
      const r = row(value, named[1], named[2]);
      if (r) rows.push(r);
    } else if (/^\d+$/.test(key) || /^layer_?\d+$/.test(key)) {
      // { "3": { "residual": {...}, "mlp": {...} } }
      for (const [hook, stats] of Object.entries(value)) {
        const r = isObject(stats) ? row(stats, key.replace(/\D/g, ""), hook) : null;
        if (r) rows.push(r);
      }
    }
  }
  return rows.sort((x, y) => x.layer - y.layer || x.hook.localeCompare(y.hook));
}
