import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRecords, ingestSeedFile } from '../../ingest/pipeline.ts';
import { readSeedText } from '../../ingest/sources/seed-text.ts';
import type { Database } from '../../src/db/driver.ts';
import { graphCounts } from '../../src/db/writes.ts';
import { openTestDatabase, resetGraph, uniqueId } from '../support/db.ts';

const SEEDS = 'seeds/trending-papers.txt';
let db: Database;

/** Offsets are stored as Neo4j integers, never as floats. */
function asInteger(value: unknown): number {
  if (!neo4j.isInt(value)) throw new Error(`expected an integer, got ${String(value)}`);
  return value.toNumber();
}

beforeAll(async () => {
  db = await openTestDatabase();
  await resetGraph(db);
});
afterAll(async () => {
  await db?.close();
});

async function relationshipSnapshot() {
  const { records } = await db.driver.executeQuery(
    `MATCH (p:Paper)-[m:MENTIONS]->(t:Topic)
     RETURN p.id + '|' + t.key + '|' + toString(m.score) + '|' + toString(m.count) AS row ORDER BY row`,
    {},
    { database: db.database },
  );
  return records.map((r) => r.get('row') as string);
}

describe('seed ingest into Neo4j', () => {
  it('writes the 37 seed papers with their topics', async () => {
    const summary = await ingestSeedFile(db, SEEDS, { batchSize: 10 });
    expect(summary).toMatchObject({ read: 37, written: 37, topicsDeleted: 0 });
    const counts = await graphCounts(db);
    expect(counts.papers).toBe(37);
    expect(counts.topics).toBe(summary.topicsCreated);
    expect(counts.topics).toBeGreaterThan(400);
    expect(counts.mentions).toBeGreaterThan(37 * 10);

    const { records } = await db.driver.executeQuery(
      'MATCH (p:Paper) RETURN p.title AS title ORDER BY p.addedAt, p.position',
      {},
      { database: db.database },
    );
    const titles = records.map((r) => r.get('title') as string);
    expect(titles[0]).toBe('Exploring Efficient-tuning Methods in Self-supervised Speech Models');
    expect(titles).toContain('Hidden symmetries of ReLU networks');
  });

  it('keeps paperCount equal to the number of papers linked to each topic', async () => {
    const { records } = await db.driver.executeQuery(
      `MATCH (t:Topic) WITH t, COUNT { (t)<-[:MENTIONS]-(:Paper) } AS n
       WHERE n <> t.paperCount RETURN count(t) AS wrong`,
      {},
      { database: db.database },
    );
    expect(records[0]?.get('wrong').toNumber()).toBe(0);
  });

  it('stores offsets that slice the stored title and abstract back to the phrase', async () => {
    const { records } = await db.driver.executeQuery(
      `MATCH (p:Paper)-[m:MENTIONS]->(t:Topic)
       RETURN p.title AS title, p.abstract AS abstract, t.key AS key, m.fields AS fields, m.starts AS starts,
              m.ends AS ends, m.extractor AS extractor`,
      {},
      { database: db.database },
    );
    expect(records.length).toBeGreaterThan(300);
    for (const r of records) {
      const fields = r.get('fields') as string[];
      const starts = (r.get('starts') as unknown[]).map(asInteger);
      const ends = (r.get('ends') as unknown[]).map(asInteger);
      expect(r.get('extractor')).toMatch(/^np-/);
      fields.forEach((field, i) => {
        const text = (field === 'title' ? r.get('title') : r.get('abstract')) as string;
        const phrase = text.slice(starts[i], ends[i]).toLowerCase().replace(/-/g, ' ');
        const key = r.get('key') as string;
        // the head may be plural in the text and singular in the key
        expect(phrase.startsWith(key.slice(0, Math.max(1, key.length - 2)))).toBe(true);
      });
    }
  });

  it('changes nothing when the same file is ingested again', async () => {
    const before = await graphCounts(db);
    const snapshot = await relationshipSnapshot();
    const again = await ingestSeedFile(db, SEEDS);
    expect(again).toMatchObject({ read: 37, written: 37, topicsCreated: 0, topicsDeleted: 0 });
    expect(await graphCounts(db)).toEqual(before);
    expect(await relationshipSnapshot()).toEqual(snapshot);
  });

  it('updates a changed paper in place and replaces its topic links', async () => {
    const [first] = await readSeedText(SEEDS);
    if (!first) throw new Error('no seed paper');
    const id = uniqueId('paper');
    const topic = `zyxqv ${id.slice(-8)} manifold`;
    const base = { ...first, id, position: 0, source: 'test' };
    await ingestRecords(db, 'test', [{ ...base, abstract: `We study the ${topic} in depth.` }]);
    const before = await graphCounts(db);
    const mentions = await db.driver.executeQuery(
      'MATCH (:Paper {id: $id})-[:MENTIONS]->(t:Topic) RETURN t.key AS key',
      { id },
      { database: db.database },
    );
    expect(mentions.records.map((r) => r.get('key'))).toContain(topic);

    const rewritten = await ingestRecords(db, 'test', [
      { ...base, abstract: 'Nothing about that any more.' },
    ]);
    expect(rewritten.topicsDeleted).toBeGreaterThanOrEqual(1);
    const after = await graphCounts(db);
    expect(after.papers).toBe(before.papers);
    const gone = await db.driver.executeQuery(
      'MATCH (t:Topic {key: $topic}) RETURN count(t) AS n',
      { topic },
      {
        database: db.database,
      },
    );
    expect(gone.records[0]?.get('n').toNumber()).toBe(0);
  });
});
