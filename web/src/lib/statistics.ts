/**
 * Reads an extraction's statistics (the worker's statistics.json: `{ sparsityThreshold, scope,
 * taps: { layer_3_residual: { layer, hook, mean, maxAbs, sparsity, … } } }`) into rows per
 * layer × hook. Lists of entries and snake_case names are read too, so an older or hand-made
 * document still charts.
 */
export interface StatisticsRow {
  layer: number;
  hook: string;
  /** Signed mean over every element of the real tokens. */
  mean: number;
  maxAbs: number;
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
    mean: pick(o, "mean", "meanMagnitude", "mean_magnitude"),
    maxAbs: pick(o, "maxAbs", "max_abs", "maxMagnitude", "max_magnitude"),
    sparsity: pick(o, "sparsity"),
  };
  return Number.isFinite(result.layer) && Number.isFinite(result.maxAbs) ? result : null;
}

export function readStatistics(json: unknown): StatisticsRow[] {
  if (Array.isArray(json)) return json.flatMap((o) => (isObject(o) ? [row(o, undefined, undefined)].filter((r) => r !== null) : []));
  if (!isObject(json)) return [];
  for (const key of ["taps", "entries", "statistics"]) if (typeof json[key] === "object" && json[key] !== null) return readStatistics(json[key]);
  const rows: StatisticsRow[] = [];
  for (const [key, value] of Object.entries(json)) {
    if (!isObject(value)) continue;
    const named = /^layer_(\d+)_([a-z]+)$/.exec(key);
    if (named) {
      const r = row(value, named[1], named[2]);
      if (r) rows.push(r);
    }
  }
  return rows.sort((x, y) => x.layer - y.layer || x.hook.localeCompare(y.hook));
}
