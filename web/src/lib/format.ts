/** Display formatting. Sizes arrive as BigInt scalars: a JSON number when safe, else a string. */
export type Big = number | string | null | undefined;

export const toNumber = (value: Big): number => (value === null || value === undefined ? 0 : Number(value));

/** 134_515_008 → "135M", 1_100_048_384 → "1.1B" (one decimal below 10, none above). */
export function formatParams(value: Big): string {
  const n = toNumber(value);
  const units: [number, string][] = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]];
  for (const [size, suffix] of units) {
    if (n >= size) {
      const scaled = n / size;
      return `${scaled < 10 ? Number(scaled.toFixed(1)) : Math.round(scaled)}${suffix}`;
    }
  }
  return String(n);
}

/** Binary units, because memory budgets and disks are reported that way. */
export function formatBytes(value: Big): string {
  let n = toNumber(value);
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let unit = 0;
  while (n >= 1024 && unit < units.length - 1) {
    n /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? n : n.toFixed(n < 10 ? 2 : 1)} ${units[unit]}`;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  // A short run's duration is worth a decimal: "0s" for a 0.3 s extraction reads as nothing measured.
  if (seconds > 0 && seconds < 9.95) return `${seconds.toFixed(1)}s`;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** `peakRssBytes` → "peak rss": API keys as words, the unit left to the formatted value. */
export const humanizeKey = (key: string): string =>
  key
    .replace(/(Bytes|Seconds)$/, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();

export const formatSpeed = (bytesPerSecond: number | null | undefined): string =>
  bytesPerSecond ? `${formatBytes(bytesPerSecond)}/s` : "—";

