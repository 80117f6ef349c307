import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textVector } from '../../ingest/model/text-space.ts';
import { dotProductOf, dotProductProbes, textCosine, unitFloat32 } from '../../ingest/similarity.ts';
import { serverCosines } from '../../src/db/derived-graph-repo.ts';
import type { Database } from '../../src/db/driver.ts';
import { sampleLines } from '../support/corpus.ts';
import { openTestDatabase } from '../support/db.ts';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

describe('text cosine computed in memory', () => {
  it('equals vector.similarity.cosine to the last bit on papers’ text vectors, added up as the server does', async () => {
    // which way this server's Lucene adds up (fused multiply-add or not) depends on its CPU
    const probes = dotProductProbes();
    const dotProduct = dotProductOf(probes, await serverCosines(db, probes));
    expect(dotProduct).not.toBeNull();
    const vectors = (await sampleLines(300))
      .map((line) => JSON.parse(line) as { title: string; abstract: string })
      .map((r) => textVector(r.title, r.abstract))
      .filter((v): v is number[] => v !== null);
    expect(vectors.length).toBeGreaterThan(250);
    // a seeded walk over pairs, every vector against a few others
    const pairs = vectors.flatMap((_, i) =>
      [1, 7, 31].map((d) => [i, (i * 13 + d) % vectors.length] as const),
    );
    const { records } = await db.driver.executeQuery(
      'UNWIND $pairs AS pair RETURN 2.0 * vector.similarity.cosine($v[pair[0]], $v[pair[1]]) - 1.0 AS c',
      { pairs: pairs.map(([a, b]) => [neo4j.int(a), neo4j.int(b)]), v: vectors },
      { database: db.database },
    );
    const theirs = records.map((r) => r.get('c') as number);
    const ours = pairs.map(([a, b]) =>
      textCosine(
        unitFloat32(vectors[a] as number[]),
        unitFloat32(vectors[b] as number[]),
        dotProduct ?? 'plain',
      ),
    );
    expect(ours.filter((c, i) => c !== theirs[i])).toEqual([]);
    expect(ours.length).toBe(pairs.length);
    // and the other way does not: the probes tell the two apart
    const other = dotProduct === 'fma' ? 'plain' : 'fma';
    const wrong = pairs.map(([a, b]) =>
      textCosine(unitFloat32(vectors[a] as number[]), unitFloat32(vectors[b] as number[]), other),
    );
    expect(wrong.filter((c, i) => c !== theirs[i]).length).toBeGreaterThan(0);
  });
});
