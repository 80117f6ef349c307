import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/files.ts';
import { textSpace } from '../../ingest/model/text-space.ts';
import { fromRecords, ingest } from '../../ingest/pipeline.ts';
import { readSeedText } from '../../ingest/sources/seed-text.ts';
import { similarityOptions } from '../../src/db/derived-graph-repo.ts';
import type { Database } from '../../src/db/driver.ts';
import { graphCounts } from '../../src/db/ingest-repo.ts';
import { sampleLines } from '../support/corpus.ts';
import { openTestDatabase, resetGraph, uniqueId } from '../support/db.ts';

const SEEDS = 'seeds/trending-papers.txt';
let db: Database;

/** Offsets are stored as Neo4j integers, never as floats. */
function asInteger(value: unknown): number {
  if (!neo4j.isInt(value)) throw new Error(`expected an integer, got ${String(value)}`);
  return value.toNumber();
}

async function rows(cypher: string, params: Record<string, unknown> = {}) {
  const { records } = await db.driver.executeQuery(cypher, params, { database: db.database });
  return records.map((r) => r.toObject());
}

async function relationshipSnapshot() {
  const result = await rows(
    `MATCH (a)-[r]->(b) WHERE NOT a:IngestRun
     RETURN type(r) + '|' + coalesce(a.id, a.key, a.code) + '|' + coalesce(b.id, b.key, b.code) + '|' +
            toString(coalesce(r.score, r.papers, 0)) AS row ORDER BY row`,
  );
  return result.map((r) => r.row as string);
}

beforeAll(async () => {
  db = await openTestDatabase();
  await resetGraph(db);
});
afterAll(async () => {
  await db?.close();
});

describe('seed ingest into Neo4j', () => {
  it('writes the 37 seed papers with their topics, on a pool of worker threads', async () => {
    const summary = await ingestFile(db, SEEDS, { batchSize: 10, workers: 2 });
    expect(summary).toMatchObject({ read: 37, written: 37, unchanged: 0, skipped: 0, topicsDeleted: 0 });
    const counts = await graphCounts(db);
    expect(counts.papers).toBe(37);
    // concepts only: generic phrases ("results", "final answer") are no topics, and no paper is padded
    expect(counts.topics).toBeGreaterThan(150);
    expect(counts.mentions).toBeGreaterThan(37 * 4);
    const titles = (await rows('MATCH (p:Paper) RETURN p.title AS title ORDER BY p.addedAt, p.position')).map(
      (r) => r.title,
    );
    expect(titles[0]).toBe('Exploring Efficient-tuning Methods in Self-supervised Speech Models');
    expect(titles).toContain('Hidden symmetries of ReLU networks');
  });

  it('keeps paperCount equal to the number of papers linked to each topic', async () => {
    const [r] = await rows(
      'MATCH (t:Topic) WITH t, COUNT { (t)<-[:MENTIONS]-(:Paper) } AS n WHERE n <> t.paperCount RETURN count(t) AS wrong',
    );
    expect(asInteger(r?.wrong)).toBe(0);
  });

  it('stores integer offsets that slice the stored title and abstract back to the phrase', async () => {
    const mentions = await rows(
      `MATCH (p:Paper)-[m:MENTIONS]->(t:Topic)
       RETURN p.title AS title, p.abstract AS abstract, t.key AS key, m.fields AS fields, m.starts AS starts,
              m.ends AS ends, m.count AS count, m.extractor AS extractor`,
    );
    expect(mentions.length).toBeGreaterThan(37 * 4);
    for (const m of mentions) {
      const starts = (m.starts as unknown[]).map(asInteger);
      const ends = (m.ends as unknown[]).map(asInteger);
      expect(m.extractor).toMatch(/^np-/);
      expect(starts).toHaveLength(asInteger(m.count));
      (m.fields as string[]).forEach((field, i) => {
        const text = (field === 'title' ? m.title : m.abstract) as string;
        const phrase = text.slice(starts[i], ends[i]);
        expect(phrase.trim()).toBe(phrase);
        expect(phrase.length).toBeGreaterThan(1);
      });
    }
  });

  it('makes muP an alias of maximal update parameterization across papers', async () => {
    const [alias] = await rows(
      'MATCH (a:Alias {key: "mup"})-[:ALIAS_OF]->(t:Topic) RETURN t.key AS key, t.aliases AS aliases, t.paperCount AS n',
    );
    expect(alias?.key).toBe('maximal update parameterization');
    expect(alias?.aliases).toContain('muP');
    expect(asInteger(alias?.n)).toBeGreaterThanOrEqual(2);
    const [stray] = await rows('MATCH (t:Topic {key: "mup"}) RETURN count(t) AS n');
    expect(asInteger(stray?.n)).toBe(0);
  });

  it('derives co-occurrence, similarity and hierarchy', async () => {
    const [co] = await rows(
      `MATCH (a:Topic)-[c:CO_OCCURS]->(b:Topic)
       RETURN count(c) AS n, sum(CASE WHEN a.key < b.key THEN 0 ELSE 1 END) AS misordered,
              min(c.papers) AS minPapers`,
    );
    expect(asInteger(co?.n)).toBeGreaterThan(100);
    expect(asInteger(co?.misordered)).toBe(0);
    expect(asInteger(co?.minPapers)).toBeGreaterThanOrEqual(1);
    const [dup] = await rows(
      'MATCH (a)-[c:CO_OCCURS]-(b) WITH a, b, count(c) AS n WHERE n > 1 RETURN count(*) AS n',
    );
    expect(asInteger(dup?.n)).toBe(0);
    const similar = await rows(
      `MATCH (p:Paper {title: "Tensor Programs V: Tuning Large Neural Networks via Zero-Shot Hyperparameter Transfer"})
             -[s:SIMILAR_TO]->(q:Paper)
       RETURN q.title AS title, s.score AS score, s.shared AS shared ORDER BY s.score DESC`,
    );
    expect(similar.length).toBeGreaterThan(0);
    expect(similar.length).toBeLessThanOrEqual(10);
    expect(similar[0]?.shared.length).toBeGreaterThan(0);
    const [sums] = await rows(
      `MATCH (:Paper)-[s:SIMILAR_TO]->(:Paper)
       RETURN count(s) AS n,
              sum(CASE WHEN abs(s.score - reduce(t = s.text, w IN s.weights | t + w)) > 1e-9 THEN 1 ELSE 0 END) AS off,
              sum(CASE WHEN size(s.shared) = size(s.weights) AND 0 < size(s.shared) <= 8 THEN 0 ELSE 1 END) AS bad,
              // the wording term is the text cosine's share, never below zero, and there on most pairs
              sum(CASE WHEN 0 <= s.text <= $share THEN 0 ELSE 1 END) AS badText,
              count(CASE WHEN s.text > 0 THEN 1 END) AS worded`,
      { share: similarityOptions(37).textShare },
    );
    expect(asInteger(sums?.n)).toBeGreaterThan(37);
    expect(asInteger(sums?.off)).toBe(0);
    expect(asInteger(sums?.bad)).toBe(0);
    expect(asInteger(sums?.badText)).toBe(0);
    expect(asInteger(sums?.worded)).toBeGreaterThan(asInteger(sums?.n) / 2);
    // the text term is the share of the cosine of the two stored vectors, computed here from the vectors
    const pairs = await rows(
      'MATCH (a:Paper)-[s:SIMILAR_TO]->(b:Paper) RETURN a.textVector AS a, b.textVector AS b, s.text AS text',
    );
    const share = similarityOptions(37).textShare;
    for (const pair of pairs) {
      const dot = pair.a.reduce((sum: number, x: number, i: number) => sum + x * pair.b[i], 0);
      const cosine = dot / (Math.hypot(...pair.a) * Math.hypot(...pair.b));
      expect(pair.text).toBeCloseTo(share * Math.max(0, cosine), 6);
    }
    // every paper has a unit text vector of the shipped space's size
    const [vectors] = await rows(
      `MATCH (p:Paper) RETURN count(p) AS papers, collect(DISTINCT size(p.textVector)) AS sizes,
              max(abs(1 - sqrt(reduce(s = 0.0, x IN p.textVector | s + x * x)))) AS offUnit`,
    );
    expect(vectors?.sizes.map(asInteger)).toEqual([textSpace()?.dims]);
    expect(vectors?.offUnit).toBeLessThan(1e-3);
    // every paper is related to as many papers as share one of its phrases (but the commonest), up to 10
    const [covered] = await rows(
      `MATCH (p:Paper)
       WITH p, COUNT { MATCH (p)-[:MENTIONS]->(t:Phrase)<-[:MENTIONS]-(q:Paper)
                       WHERE 2 <= t.paperCount <= $maxDf AND q <> p RETURN DISTINCT q } AS sharing
       RETURN count(p) AS papers, sum(sharing) AS sharing,
              count(CASE WHEN COUNT { (p)-[:SIMILAR_TO]->() } = CASE WHEN sharing > 10 THEN 10 ELSE sharing END
                    THEN 1 END) AS full,
              count(CASE WHEN COUNT { (p)-[:SIMILAR_TO]->() } >= 5 THEN 1 END) AS five`,
      { maxDf: neo4j.int(similarityOptions(37).maxDf) },
    );
    expect(asInteger(covered?.full)).toBe(asInteger(covered?.papers));
    // 28 of the 37 seeds share phrases with five others
    expect(asInteger(covered?.five)).toBeGreaterThanOrEqual(28);
    const narrower = await rows(
      'MATCH (b:Topic)-[:NARROWER]->(n:Topic) RETURN b.key AS broader, n.key AS narrower',
    );
    expect(narrower.length).toBeGreaterThan(0);
    for (const edge of narrower) expect(edge.narrower.endsWith(` ${edge.broader}`)).toBe(true);
  });

  it('records the run in the graph', async () => {
    const runs = await rows(
      'MATCH (r:IngestRun) RETURN r.status AS status, r.read AS read, r.written AS written',
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]?.status).toBe('completed');
    expect(asInteger(runs[0]?.written)).toBe(37);
  });

  it('changes nothing when the same file is ingested again', async () => {
    const before = await graphCounts(db);
    const snapshot = await relationshipSnapshot();
    const again = await ingestFile(db, SEEDS, { workers: 0 });
    expect(again).toMatchObject({ read: 37, written: 0, unchanged: 37, topicsCreated: 0, topicsDeleted: 0 });
    expect(await graphCounts(db)).toEqual(before);
    expect(await relationshipSnapshot()).toEqual(snapshot);
  });

  it('updates a changed paper in place and replaces its topic links', async () => {
    const [first] = await readSeedText(SEEDS);
    if (!first) throw new Error('no seed paper');
    const id = uniqueId('paper');
    // letters only: a random tag of digits would be read as a number and split the phrase
    const tag = id.slice(-8).replace(/\d/g, (d) => 'ghijklmnop'[Number(d)] as string);
    const topic = `zyxqv ${tag} manifold`;
    const base = { ...first, id, title: `Study ${id}`, position: 0, source: 'test' };
    await ingest(db, 'test', fromRecords([{ ...base, abstract: `We study the ${topic} in depth.` }]), {
      workers: 0,
    });
    const before = await graphCounts(db);
    const linked = await rows('MATCH (:Paper {id: $id})-[:MENTIONS]->(t:Topic) RETURN t.key AS key', { id });
    expect(linked.map((r) => r.key)).toContain(topic);

    const rewritten = await ingest(
      db,
      'test',
      fromRecords([{ ...base, abstract: 'Nothing about that any more.' }]),
      {
        workers: 0,
      },
    );
    expect(rewritten.written).toBe(1);
    expect(rewritten.topicsDeleted).toBeGreaterThanOrEqual(1);
    expect((await graphCounts(db)).papers).toBe(before.papers);
    const [gone] = await rows('MATCH (t:Topic {key: $topic}) RETURN count(t) AS n', { topic });
    expect(asInteger(gone?.n)).toBe(0);
  });
});

describe('JSON Lines ingest with metadata', () => {
  it('writes authors, categories, dates and DOIs, and reports bad records', async () => {
    const lines = await sampleLines(40);
    const items = (async function* () {
      const { readJsonl } = await import('../../ingest/sources/jsonl.ts');
      const { Readable } = await import('node:stream');
      const text = [...lines.slice(0, 20), '{"title": 7}', 'not json', ...lines.slice(20)].join('\n');
      yield* readJsonl(Readable.from([Buffer.from(text)]), 'sample.jsonl');
    })();
    const problems: string[] = [];
    const summary = await ingest(db, 'sample.jsonl', items, {
      workers: 0,
      onProblem: (p) => problems.push(`${p.line}: ${p.reason}`),
    });
    expect(summary).toMatchObject({ read: 40, skipped: 2 });
    expect(problems).toEqual(['21: "title" must be a string', expect.stringMatching(/^22: invalid JSON/)]);
    const first = JSON.parse(lines[0] as string);
    const [paper] = await rows(
      `MATCH (p:Paper {id: $id})
       RETURN p.title AS title, toString(p.published) AS published, p.year AS year,
              [(a:Author)-[r:AUTHORED]->(p) | a.name] AS authors, [(p)-[:IN_CATEGORY]->(c) | c.code] AS categories`,
      { id: first.id },
    );
    expect(paper?.title).toBe(first.title);
    expect(paper?.published).toBe(first.published);
    expect(asInteger(paper?.year)).toBe(Number(first.published.slice(0, 4)));
    expect(paper?.authors).toEqual(first.authors);
    expect([...((paper?.categories ?? []) as string[])].sort()).toEqual([...first.categories].sort());
  });
});
