import neo4j, { type Driver, Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/driver.ts';
import { ConflictError, DatabaseUnavailableError } from '../../src/db/errors.ts';
import {
  debugging,
  describeStatement,
  readRecords,
  readRows,
  stream,
  write,
  writeAutoCommit,
  writeTransaction,
} from '../../src/db/executor.ts';
import { deletePaper } from '../../src/db/ingest-repo.ts';

const OUTAGE = () => new Neo4jError('connection refused', neo4j.error.SERVICE_UNAVAILABLE, 'N/A', 'N/A');

/** A driver on which every statement fails as `fail()` says, whatever way it is sent. */
function failingDatabase(fail: () => Error): Database {
  const rejecting = async () => {
    throw fail();
  };
  const driver = {
    executeQuery: rejecting,
    session: () => ({
      executeWrite: rejecting,
      // a driver Result: awaited, or subscribed to
      run: () => ({
        subscribe: ({ onError }: { onError: (e: Error) => void }) => onError(fail()),
        // biome-ignore lint/suspicious/noThenProperty: the driver's Result is a thenable
        then: (resolve: () => void, reject: (e: Error) => void) =>
          Promise.reject(fail()).then(resolve, reject),
      }),
      close: async () => {},
    }),
  } as unknown as Driver;
  return { driver, database: 'neo4j', target: 'bolt://nowhere:7687', close: async () => {} };
}

describe('the Cypher executor', () => {
  it('translates a Neo4j outage into DatabaseUnavailableError on every kind of statement', async () => {
    const db = failingDatabase(OUTAGE);
    const runs: [string, () => Promise<unknown>][] = [
      ['readRows', () => readRows(db, 'RETURN 1', {}, (r) => r)],
      ['readRecords', () => readRecords(db, 'RETURN 1')],
      ['write', () => write(db, 'CREATE ()')],
      ['writeTransaction', () => writeTransaction(db, async (tx) => tx.run('CREATE ()'))],
      ['writeAutoCommit', () => writeAutoCommit(db, 'CALL {} IN TRANSACTIONS')],
      ['stream', () => stream(db, 'RETURN 1', {}, () => {})],
      // a repository's transaction: the paper deletion that once came back untranslated
      ['deletePaper', () => deletePaper(db, '2401.00001')],
    ];
    for (const [name, run] of runs) {
      const error = await run().catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(DatabaseUnavailableError);
      expect((error as Error).message, name).toBe(
        'Neo4j at bolt://nowhere:7687 is unavailable: connection refused',
      );
    }
  });

  it('passes a constraint violation on as a conflict, and tries a write again only when asked', async () => {
    let calls = 0;
    const db = failingDatabase(() => {
      calls += 1;
      return new Neo4jError('deadlock', 'Neo.TransientError.Transaction.DeadlockDetected', 'N/A', 'N/A');
    });
    await expect(write(db, 'CREATE ()')).rejects.toThrow('deadlock');
    expect(calls).toBe(1);
    calls = 0;
    await expect(write(db, 'CREATE ()', {}, { retry: true })).rejects.toThrow('deadlock');
    expect(calls).toBe(5);
    const conflict = failingDatabase(
      () =>
        new Neo4jError(
          'Node(1) already exists\nmore',
          'Neo.ClientError.Schema.ConstraintValidationFailed',
          'N/A',
          'N/A',
        ),
    );
    await expect(write(conflict, 'CREATE ()')).rejects.toEqual(new ConflictError('Node(1) already exists'));
  }, 60_000);

  it('logs with DEBUG=cypher (or NODE_DEBUG=cypher): the statement on one line, its time and parameters', () => {
    expect(debugging({ DEBUG: 'cypher' })).toBe(true);
    expect(debugging({ DEBUG: 'yoga,cypher' })).toBe(true);
    expect(debugging({ NODE_DEBUG: 'cypher' })).toBe(true);
    expect(debugging({ DEBUG: 'cyphers' })).toBe(false);
    expect(debugging({})).toBe(false);
    const ids = Array.from({ length: 12 }, (_, i) => `p${i}`);
    expect(
      describeStatement(
        'read',
        'MATCH (p:Paper)\n   WHERE p.id IN $ids\n RETURN p',
        { ids, n: neo4j.int(3) },
        1.234,
      ),
    ).toBe(
      '[cypher] read 1.2 ms: MATCH (p:Paper) WHERE p.id IN $ids RETURN p {"ids":["p0","p1","p2","p3","p4","p5","p6","p7","p8","p9","… 2 more"],"n":3}',
    );
  });
});
