import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/driver.ts';
import { GraphRepo } from '../../src/db/graph-repo.ts';
import { openTestDatabase, resetGraph, uniqueId } from '../support/db.ts';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
  await resetGraph(db);
});
afterAll(async () => {
  await db?.close();
});

async function run(cypher: string, params: Record<string, unknown> = {}) {
  await db.driver.executeQuery(cypher, params, { database: db.database });
}

const keysOf = (path: Awaited<ReturnType<GraphRepo['shortestPath']>>['path']) =>
  (path?.nodes ?? []).map((n) => (n.kind === 'topic' ? n.topic.key : n.paper.id));

describe('explain paths', () => {
  it('go through papers and specific concepts, a generic hub only where nothing else links them', async () => {
    const tag = uniqueId('x');
    const k = (name: string) => `${tag} ${name}`;
    // a - p1 - hub - p2 - b and a - p1 - phrase - p2 - b are the shortest (4 steps); the way through
    // specific concepts takes 6: a - p1 - m1 - p3 - m2 - p4 - b
    await run(
      `UNWIND $topics AS t CREATE (:Phrase:Topic {key: t.key, name: t.key, paperCount: t.papers})
       WITH count(*) AS done
       CREATE (:Phrase {key: $phrase, name: $phrase, paperCount: 2})
       WITH done
       UNWIND $papers AS p CREATE (paper:Paper {id: p.id, title: p.id})
       WITH paper, p UNWIND p.mentions AS key
       MATCH (t:Phrase {key: key}) CREATE (paper)-[:MENTIONS {score: 0.5, count: 1}]->(t)`,
      {
        topics: [
          { key: k('a'), papers: 1 },
          { key: k('b'), papers: 2 },
          { key: k('m1'), papers: 2 },
          { key: k('m2'), papers: 2 },
          { key: k('hub'), papers: 30 },
        ],
        phrase: k('phrase'),
        papers: [
          { id: k('p1'), mentions: [k('a'), k('hub'), k('phrase'), k('m1')] },
          { id: k('p2'), mentions: [k('b'), k('hub'), k('phrase')] },
          { id: k('p3'), mentions: [k('m1'), k('m2')] },
          { id: k('p4'), mentions: [k('m2'), k('b')] },
          ...Array.from({ length: 28 }, (_, i) => ({ id: k(`filler${i}`), mentions: [k('hub')] })),
        ],
      },
    );
    const repo = new GraphRepo(db);
    const from = { kind: 'topic', key: k('a') } as const;
    const to = { kind: 'topic', key: k('b') } as const;

    const specific = await repo.shortestPath(from, to);
    expect(keysOf(specific.path)).toEqual([k('a'), k('p1'), k('m1'), k('p3'), k('m2'), k('p4'), k('b')]);

    // with the specific way cut, the hub links them; a phrase that is no topic never does
    await run('MATCH (p:Paper {id: $id}) DETACH DELETE p', { id: k('p3') });
    const viaHub = await repo.shortestPath(from, to);
    expect(keysOf(viaHub.path)).toEqual([k('a'), k('p1'), k('hub'), k('p2'), k('b')]);

    await run('MATCH (t:Topic {key: $key}) DETACH DELETE t', { key: k('hub') });
    const none = await repo.shortestPath(from, to);
    expect(none.path).toBeNull();
    expect(none.exists).toEqual([true, true]);
  });
});
