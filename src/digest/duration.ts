const DAY_MS = 86_400_000;
const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: DAY_MS };
const MAX_MS = 366 * DAY_MS;

/** "30m", "24h", "7d" → milliseconds; anything else, or more than a year, is null. */
export function parseDuration(text: string): number | null {
  const match = /^(\d{1,6})([mhd])$/.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * (UNITS[match[2] as string] as number);
  return ms > 0 && ms <= MAX_MS ? ms : null;
}

/** 24h → "the last 24 hours", 1d → "the last day". */
export function describeDuration(text: string): string {
  const match = /^(\d+)([mhd])$/.exec(text.trim());
  if (!match) return text;
  const n = Number(match[1]);
  const unit = { m: 'minute', h: 'hour', d: 'day' }[match[2] as 'm' | 'h' | 'd'];
  return n === 1 ? `the last ${unit}` : `the last ${n} ${unit}s`;
}
