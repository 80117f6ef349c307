import neo4j, { type Record as Neo4jRecord } from 'neo4j-driver';
import type { Database } from './driver.ts';
import { translateError } from './errors.ts';

export const READ_TIMEOUT_MS = 15_000;

/** Runs one parameterised read, with a timeout, and maps each row; Neo4j errors come back as domain errors. */
export async function readRows<T>(
  db: Database,
  cypher: string,
  params: Record<string, unknown>,
  map: (record: Neo4jRecord) => T,
): Promise<T[]> {
  try {
    return await db.driver.executeQuery(cypher, params, {
      database: db.database,
      routing: neo4j.routing.READ,
      // writes go through sessions of their own, so the shared bookmark manager would only add cost
      // (it halves read throughput on the driver's side)
      bookmarkManager: null,
      transactionConfig: { timeout: db.readTimeoutMs ?? READ_TIMEOUT_MS },
      resultTransformer: neo4j.resultTransformers.mapped({ map, collect: (all: T[]) => all }),
    });
  } catch (error) {
    throw translateError(error, db.target);
  }
}

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
