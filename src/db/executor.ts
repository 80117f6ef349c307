import neo4j, { type ManagedTransaction, type Record as Neo4jRecord, type QueryResult } from 'neo4j-driver';
import type { Database } from './driver.ts';
import { translateError } from './errors.ts';
import { retryConflicts } from './retry.ts';

/**
 * Every statement the project sends to Neo4j goes through here: run with the options its kind needs,
 * its Neo4j errors translated into domain errors in one place, and, with `DEBUG=cypher` (or
 * `NODE_DEBUG=cypher`), logged to stderr with its parameters and time.
 */

export type Params = Record<string, unknown>;

export const READ_TIMEOUT_MS = 15_000;

export interface WriteOptions {
  /** Run again on lock conflicts the driver's own retries did not get past (see `retryConflicts`). */
  retry?: boolean;
}

export function debugging(env: NodeJS.ProcessEnv = process.env): boolean {
  const names = `${env.DEBUG ?? ''},${env.NODE_DEBUG ?? ''}`.split(/[\s,]+/);
  return names.includes('cypher') || names.includes('*');
}

const LOGGING = debugging();

/** One line per statement: what ran, how long it took, and with which parameters (long lists cut). */
export function describeStatement(kind: string, cypher: string, params: Params, ms: number): string {
  const text = cypher.replace(/\s+/g, ' ').trim();
  const shown = JSON.stringify(params, (_key, value: unknown) => {
    if (neo4j.isInt(value)) return value.toNumber();
    if (typeof value === 'bigint') return Number(value);
    if (Array.isArray(value) && value.length > 10)
      return [...value.slice(0, 10), `… ${value.length - 10} more`];
    return value;
  });
  return `[cypher] ${kind} ${ms.toFixed(1)} ms: ${text} ${shown}`;
}

async function logged<T>(kind: string, cypher: string, params: Params, run: () => Promise<T>): Promise<T> {
  if (!LOGGING) return run();
  const started = performance.now();
  try {
    return await run();
  } finally {
    process.stderr.write(`${describeStatement(kind, cypher, params, performance.now() - started)}\n`);
  }
}

async function translated<T>(db: Database, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translateError(error, db.target);
  }
}

/** Whether the server answers for the database: no statement, only the driver's handshake. */
export async function ping(db: Database): Promise<void> {
  await translated(db, () =>
    logged('ping', 'getServerInfo', {}, () => db.driver.getServerInfo({ database: db.database })),
  );
}

/** One parameterised read, with a timeout, each row mapped as it is decoded. */
export function readRows<T>(
  db: Database,
  cypher: string,
  params: Params,
  map: (record: Neo4jRecord) => T,
): Promise<T[]> {
  return translated(db, () =>
    logged('read', cypher, params, () =>
      db.driver.executeQuery(cypher, params, {
        database: db.database,
        routing: neo4j.routing.READ,
        // writes go through sessions of their own, so the shared bookmark manager would only add cost
        // (it halves read throughput on the driver's side)
        bookmarkManager: null,
        transactionConfig: { timeout: db.readTimeoutMs ?? READ_TIMEOUT_MS },
        resultTransformer: neo4j.resultTransformers.mapped({ map, collect: (all: T[]) => all }),
      }),
    ),
  );
}

/** One read whose records the caller takes apart (counts, small lists): no timeout beyond the server's. */
export async function readRecords(db: Database, cypher: string, params: Params = {}): Promise<Neo4jRecord[]> {
  const { records } = await translated(db, () =>
    logged('read', cypher, params, () =>
      db.driver.executeQuery(cypher, params, { database: db.database, routing: neo4j.routing.READ }),
    ),
  );
  return records;
}

/** One write in its own transaction (the driver retries transient failures). */
export async function write(
  db: Database,
  cypher: string,
  params: Params = {},
  options: WriteOptions = {},
): Promise<Neo4jRecord[]> {
  const once = () =>
    logged('write', cypher, params, () =>
      db.driver.executeQuery(cypher, params, { database: db.database, routing: neo4j.routing.WRITE }),
    );
  const { records } = await translated(db, () => (options.retry ? retryConflicts(once) : once()));
  return records;
}

/** A write transaction's handle: each statement run through it is logged like any other. */
export interface Transaction {
  run(cypher: string, params?: Params): Promise<QueryResult>;
}

/** Several statements in one write transaction, all committed or none. */
export async function writeTransaction<T>(
  db: Database,
  work: (tx: Transaction) => Promise<T>,
  options: WriteOptions = {},
): Promise<T> {
  const session = db.driver.session({ database: db.database, defaultAccessMode: neo4j.session.WRITE });
  const once = () =>
    session.executeWrite((tx: ManagedTransaction) =>
      work({ run: (cypher, params = {}) => logged('write', cypher, params, () => tx.run(cypher, params)) }),
    );
  try {
    return await translated(db, () => (options.retry ? retryConflicts(once) : once()));
  } finally {
    await session.close();
  }
}

/** A statement that commits its own batches (`CALL … IN TRANSACTIONS`), so it runs outside a transaction. */
export async function writeAutoCommit(db: Database, cypher: string, params: Params = {}): Promise<void> {
  const session = db.driver.session({ database: db.database, defaultAccessMode: neo4j.session.WRITE });
  try {
    await translated(db, () => logged('write', cypher, params, () => session.run(cypher, params)));
  } finally {
    await session.close();
  }
}

/** Streams every row of one read to `onRow` as it arrives, without holding the result; answers the rows. */
export async function stream(
  db: Database,
  cypher: string,
  params: Params,
  onRow: (get: (key: string) => unknown) => void,
): Promise<number> {
  const session = db.driver.session({ database: db.database, defaultAccessMode: neo4j.session.READ });
  let rows = 0;
  try {
    await translated(db, () =>
      logged(
        'stream',
        cypher,
        params,
        () =>
          new Promise<void>((resolve, reject) => {
            session.run(cypher, params).subscribe({
              onNext: (record) => {
                rows += 1;
                onRow((key) => record.get(key));
              },
              onCompleted: () => resolve(),
              onError: reject,
            });
          }),
      ),
    );
    return rows;
  } finally {
    await session.close();
  }
}
