import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broaderCandidates } from '../../ingest/hierarchy.ts';
import { computeHierarchy, topicsEndingWithNew } from '../../src/db/derived-graph-repo.ts';
import type { Database } from '../../src/db/driver.ts';
import { openTestDatabase, uniqueId } from '../support/db.ts';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

async function rows(cypher: string, params: Record<string, unknown> = {}) {
  const { records } = await db.driver.executeQuery(cypher, params, { database: db.database });
  return records.map((r) => r.toObject());
}

const derive = async (keys: string[]) =>
  computeHierarchy(
    db,
    keys.map((key) => ({ key, broader: broaderCandidates(key) })),
  );

describe('the hierarchy in the graph', () => {
  it('makes a new topic broader than older ones by the same rules, and replaces old edges', async () => {
    const tag = uniqueId('zorb').replace('-', '');
    const [older, newer] = [uniqueId('run'), uniqueId('run')];
    const broad = `${tag} sheaf`;
    // older topics: a real qualifier, a filler, a hyphenated name ending in the tag, and one already under a
    // broader topic by older rules, which deriving it again replaces
    await rows(
      `UNWIND $topics AS x
       CREATE (:Phrase:Topic {key: x.key, name: x.name, paperCount: 2, createdRun: x.run})`,
      {
        topics: [
          { key: `leaky ${broad}`, name: `leaky ${broad}`, run: older },
          { key: `modern ${broad}`, name: `modern ${broad}`, run: older },
          { key: `navier ${broad}`, name: `Navier-${broad}`, run: older },
          { key: `twisted ${broad}`, name: `twisted ${broad}`, run: older },
          { key: broad, name: broad, run: newer },
        ],
      },
    );
    await rows(
      `CREATE (b:Phrase:Topic {key: $stale, name: $stale, paperCount: 2})
       WITH b MATCH (t:Topic {key: $key}) CREATE (b)-[:NARROWER]->(t)`,
      { key: `twisted ${broad}`, stale: `${tag} stale` },
    );
    expect(
      await rows('MATCH (:Topic {key: $stale})-[r:NARROWER]->() RETURN r', { stale: `${tag} stale` }),
    ).toHaveLength(1);
    const below = await topicsEndingWithNew(db, newer);
    expect(below.sort()).toEqual([
      `leaky ${broad}`,
      `modern ${broad}`,
      `navier ${broad}`,
      `twisted ${broad}`,
    ]);
    await derive(below);
    const edges = await rows(
      `MATCH (b:Topic)-[:NARROWER]->(t:Topic) WHERE t.key ENDS WITH $broad OR b.key STARTS WITH $tag
       RETURN b.key AS b, t.key AS t ORDER BY t`,
      { broad, tag },
    );
    expect(edges).toEqual([
      { b: broad, t: `leaky ${broad}` },
      { b: broad, t: `twisted ${broad}` },
    ]);
  });

  it('keeps a broader topic of another field out: its own papers are elsewhere', async () => {
    const tag = uniqueId('hole').replace('-', '');
    const [narrow, broad] = [`black ${tag}`, tag];
    await rows(
      `CREATE (b:Phrase:Topic {key: $broad, name: $broad, paperCount: 3})
       CREATE (t:Phrase:Topic {key: $narrow, name: $narrow, paperCount: 1})
       CREATE (solid:Category {code: $solid}), (astro:Category {code: $astro})
       FOREACH (i IN range(1, 3) |
         CREATE (p:Paper {id: $tag + '-s' + i})-[:MENTIONS]->(b) CREATE (p)-[:IN_CATEGORY]->(solid))
       CREATE (q:Paper {id: $tag + '-a'})-[:MENTIONS]->(t) CREATE (q)-[:IN_CATEGORY]->(astro)`,
      { broad, narrow, tag, solid: `cond-mat.${tag}`, astro: `astro-ph.${tag}` },
    );
    // "hole"-like words are too generic to be broader at all; the field test is what stands here
    await computeHierarchy(db, [{ key: narrow, broader: [broad] }]);
    expect(await rows('MATCH (:Topic {key: $broad})-[r:NARROWER]->() RETURN r', { broad })).toHaveLength(0);
    // the same papers in the narrower's field make it broader
    await rows(`MATCH (q:Paper {id: $id})-[:IN_CATEGORY]->(c) SET c.code = $solid`, {
      id: `${tag}-a`,
      solid: `cond-mat.${tag}2`,
    });
    await computeHierarchy(db, [{ key: narrow, broader: [broad] }]);
    expect(await rows('MATCH (:Topic {key: $broad})-[r:NARROWER]->() RETURN r', { broad })).toHaveLength(1);
  });
});
