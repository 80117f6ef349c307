import neo4j from 'neo4j-driver';

/** neo4j.Integer never leaves src/db: counts and positions fit in a double. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (neo4j.isInt(value)) return value.toNumber();
  if (typeof value === 'bigint') return Number(value);
  return Number.NaN;
}

export function toNumbers(value: unknown): number[] {
  return Array.isArray(value) ? value.map(toNumber) : [];
}

export const int = (n: number) => neo4j.int(Math.trunc(n));

/** Rows as plain JSON-like values: neo4j Integers become numbers and temporal values ISO strings. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) return value.toNumber();
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toPlain);
  if (
    neo4j.isDate(value as object) ||
    neo4j.isDateTime(value as object) ||
    neo4j.isLocalDateTime(value as object)
  ) {
    return String(value);
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toPlain(v);
    return out;
  }
  return value;
}
