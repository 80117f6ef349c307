import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../ingest/pipeline.ts';
import { readJsonl } from '../../ingest/sources/jsonl.ts';
import { createApp } from '../../src/app.ts';
import { connect, type Database } from '../../src/db/driver.ts';
import { QueryTimeoutError } from '../../src/db/errors.ts';
import { readRows } from '../../src/db/executor.ts';
import { graphCounts } from '../../src/db/ingest-repo.ts';
import { toNumber } from '../../src/db/values.ts';
import { startLocalNeo4j, stopLocalNeo4j } from '../../src/local-neo4j/launcher.ts';
import { TEST_HOME } from '../global-setup.ts';
import { sampleLines } from '../support/corpus.ts';
import { openTestDatabase, resetGraph, testTarget } from '../support/db.ts';
import { gql } from '../support/graphql.ts';

let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
  await resetGraph(db);
});
afterAll(async () => {
  await db?.close();
});

async function count(cypher: string): Promise<number> {
  const { records } = await db.driver.executeQuery(cypher, {}, { database: db.database });
  return toNumber(records[0]?.get(0));
}

const source = (lines: string[], name: string) =>
  readJsonl(Readable.from([Buffer.from(lines.join('\n'))]), name);

async function duplicates(): Promise<Record<string, number>> {
  return {
    papers: await count('MATCH (p:Paper) WITH p.id AS id, count(*) AS n WHERE n > 1 RETURN count(*)'),
    topics: await count('MATCH (t:Topic) WITH t.key AS k, count(*) AS n WHERE n > 1 RETURN count(*)'),
    authors: await count('MATCH (a:Author) WITH a.key AS k, count(*) AS n WHERE n > 1 RETURN count(*)'),
    mentions: await count(
      'MATCH (p:Paper)-[m:MENTIONS]->(t:Topic) WITH p, t, count(m) AS n WHERE n > 1 RETURN count(*)',
    ),
    authored: await count(
      'MATCH (a:Author)-[r:AUTHORED]->(p:Paper) WITH a, p, count(r) AS n WHERE n > 1 RETURN count(*)',
    ),
    coOccurs: await count(
      'MATCH (a:Topic)-[r:CO_OCCURS]-(b:Topic) WHERE elementId(a) < elementId(b) WITH a, b, count(r) AS n WHERE n > 1 RETURN count(*)',
    ),
    similar: await count(
      'MATCH (a:Paper)-[r:SIMILAR_TO]->(b:Paper) WITH a, b, count(r) AS n WHERE n > 1 RETURN count(*)',
    ),
  };
}

describe('concurrent ingests', () => {
  it('two overlapping ingests at once leave no duplicates and the counts of one ingest', async () => {
    const lines = await sampleLines(240);
    // extraction on worker threads, as the CLI does: on this thread it would hold up the driver's I/O
    await Promise.all([
      ingest(db, 'first.jsonl', source(lines.slice(0, 160), 'first.jsonl'), { workers: 1, batchSize: 40 }),
      ingest(db, 'second.jsonl', source(lines.slice(80), 'second.jsonl'), { workers: 1, batchSize: 40 }),
    ]);
    const together = { ...(await graphCounts(db)), authors: await count('MATCH (a:Author) RETURN count(a)') };
    expect(await duplicates()).toEqual({
      papers: 0,
      topics: 0,
      authors: 0,
      mentions: 0,
      authored: 0,
      coOccurs: 0,
      similar: 0,
    });
    await resetGraph(db);
    await ingest(db, 'all.jsonl', source(lines, 'all.jsonl'), { workers: 0 });
    const once = { ...(await graphCounts(db)), authors: await count('MATCH (a:Author) RETURN count(a)') };
    expect(together).toEqual(once);
    expect(once.papers).toBe(240);
  }, 300_000); // three ingests of the same papers: slow when the machine is busy
});

describe('slow queries', () => {
  it('cancels a read over the timeout in Neo4j too, with a typed error', async () => {
    const slow: Database = { ...db, readTimeoutMs: 500 };
    const started = performance.now();
    const marker = `slow-${Date.now()}`;
    await expect(
      readRows(
        slow,
        `WITH $marker AS marker UNWIND range(1, 2000000000) AS x WITH x WHERE x % 1000000007 = -1 RETURN count(x)`,
        { marker },
        (r) => r.get(0),
      ),
    ).rejects.toBeInstanceOf(QueryTimeoutError);
    expect(performance.now() - started).toBeLessThan(10_000);
    // the query carries a marker parameter, so this finds it and not itself
    const running = () =>
      count(`SHOW TRANSACTIONS YIELD parameters WHERE parameters.marker = '${marker}' RETURN count(*)`);
    const deadline = Date.now() + 3000;
    while ((await running()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await running()).toBe(0);
  });
});

describe('Neo4j stops while the server runs', () => {
  it.skipIf(testTarget().origin !== 'local')(
    'answers 503 on /ready and SERVICE_UNAVAILABLE fast, then recovers by itself',
    async () => {
      const t = testTarget();
      const serving = await connect(t, { connectTimeoutMs: 2000, retryMs: 1000 });
      const app = createApp(serving, { logging: false });
      const query = '{ papers(first: 1) { totalCount } }';
      try {
        expect((await app.fetch('http://test/ready')).status).toBe(200);
        expect((await gql(app, query)).body.errors).toBeUndefined();

        await stopLocalNeo4j({ home: TEST_HOME });
        let started = performance.now();
        expect((await app.fetch('http://test/ready')).status).toBe(503);
        expect(performance.now() - started).toBeLessThan(1000);
        started = performance.now();
        const down = await gql(app, query);
        expect(down.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
        expect(performance.now() - started).toBeLessThan(5000);

        await startLocalNeo4j({
          home: TEST_HOME,
          boltPort: Number(new URL(t.uri).port),
          heap: '768m',
          pageCache: '256m',
        });
        const deadline = Date.now() + 60_000;
        while ((await app.fetch('http://test/ready')).status !== 200 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 250));
        }
        expect((await app.fetch('http://test/ready')).status).toBe(200);
        const back = await gql(app, query);
        expect(back.body.errors).toBeUndefined();
        expect(back.body.data.papers.totalCount).toBe(240);
      } finally {
        await serving.close();
        // the shared test database's own driver reconnects by itself too
        await db.driver.verifyConnectivity().catch(() => {});
      }
    },
    120_000,
  );
});
