import { describe, expect, it } from 'vitest';
import { fromRecords, ingest } from '../../ingest/pipeline.ts';
import type { App } from '../../src/app.ts';
import type { Database } from '../../src/db/driver.ts';
import type { PaperRecord } from '../../src/domain/record.ts';
import { uniqueId } from '../support/db.ts';
import { gql } from '../support/graphql.ts';
import { onSeededGraph } from '../support/seeded.ts';

let db: Database;
let app: App;

onSeededGraph((seeded) => {
  ({ db, app } = seeded);
});

async function rows(cypher: string, params: Record<string, unknown> = {}) {
  const { records } = await db.driver.executeQuery(cypher, params, { database: db.database });
  return records.map((r) => r.toObject());
}

/** Papers whose title or abstract writes one of the forms as whole words, any case, hyphen or space. */
async function papersWriting(forms: string[]): Promise<Set<string>> {
  const pattern = new RegExp(`\\b(?:${forms.map((f) => f.replace(/[- ]/g, '[- ]?')).join('|')})\\b`, 'i');
  const all = await rows('MATCH (p:Paper) RETURN p.id AS id, p.title + " " + p.abstract AS text');
  return new Set(all.filter((r) => pattern.test(r.text as string)).map((r) => r.id as string));
}

describe('topic recall on the seed papers', () => {
  it.each([
    ['neural network', ['neural networks?'], 10],
    ['fine-tuning', ['fine-tuning', 'finetuning'], 1],
    ['hyperparameter transfer', ['hyperparameter transfer'], 3],
  ])('links %j to the papers that write it', async (name, forms, least) => {
    const expected = await papersWriting(forms);
    expect(expected.size).toBeGreaterThanOrEqual(least);
    const { body } = await gql(
      app,
      'query($name: String!) { topic(name: $name) { name paperCount papers(first: 100) { edges { node { paperId } } } } }',
      { name },
    );
    expect(body.errors).toBeUndefined();
    const linked = new Set(
      body.data.topic.papers.edges.map((e: { node: { paperId: string } }) => e.node.paperId),
    );
    // also where the tagger misreads the words ("neural networks serves" as a noun and a verb)
    const missed = [...expected].filter((id) => !linked.has(id));
    expect(missed).toEqual([]);
    expect(body.data.topic.paperCount).toBe(linked.size);
  });

  it('keeps no fixed number of topics per paper: each paper has its concepts, however many', async () => {
    const counts = await rows(
      'MATCH (p:Paper) RETURN p.id AS id, COUNT { (p)-[:MENTIONS]->(:Topic) } AS n ORDER BY n',
    );
    const ns = counts.map((r) => Number(r.n));
    expect(ns.every((n) => n >= 1)).toBe(true);
    expect(new Set(ns).size).toBeGreaterThan(5);
  });

  it('lists and autocompletes concepts only, not generic words the corpora know', async () => {
    const { body } = await gql(
      app,
      '{ topics(first: 100, orderBy: PAPER_COUNT) { edges { node { name } } } autocomplete(prefix: "res", first: 20) { edges { node { name } } } }',
    );
    expect(body.errors).toBeUndefined();
    const names = body.data.topics.edges.map((e: { node: { name: string } }) => e.node.name.toLowerCase());
    for (const generic of ['results', 'result', 'method', 'approach', 'paper', 'performance', 'theory']) {
      expect(names).not.toContain(generic);
    }
    const completed = (body.data.autocomplete.edges as { node: { name: string } }[]).map((e) =>
      e.node.name.toLowerCase(),
    );
    expect(completed).not.toContain('results');
  });
});

describe('acronyms across fields', () => {
  const paper = (id: string, title: string, abstract: string, categories: string[]): PaperRecord => ({
    id,
    title,
    abstract,
    published: '2020-01-01',
    updated: null,
    authors: [],
    categories,
    url: null,
    doi: null,
    source: 'test',
    line: 1,
    position: 0,
  });

  it('folds a bare acronym into the long form of its own field only, and only written the same way', async () => {
    const tag = uniqueId('acr');
    const records = [
      paper(
        `${tag}-1`,
        'Continual learning without forgetting',
        'We study continual learning (CL) of neural networks. CL methods forget old tasks.',
        ['cs.LG'],
      ),
      paper(
        `${tag}-2`,
        'Replay buffers for neural networks',
        'Replay buffers help neural networks under distribution shift. CL with replay is strong.',
        ['cs.LG'],
      ),
      paper(
        `${tag}-3`,
        'Cardinal invariants of the continuum',
        'We show that CL holds in every forcing extension of a model of set theory with large cardinals.',
        ['math.LO'],
      ),
      paper(
        `${tag}-4`,
        'Barium in stellar atmospheres',
        'Ba abundances of giant stars are measured; Ba is enhanced in binaries.',
        ['astro-ph.SR'],
      ),
      paper(
        `${tag}-5`,
        'Bundle adjustment at scale',
        'Bundle adjustment (BA) refines camera poses; BA is solved by Gauss-Newton steps.',
        ['cs.CV'],
      ),
    ];
    await ingest(db, 'test', fromRecords(records), { workers: 0 });
    const mentions = await rows(
      `UNWIND $ids AS id MATCH (p:Paper {id: id})-[m:MENTIONS]->(t:Phrase)
       RETURN id, t.key AS key, m.name AS name, t:Topic AS topic`,
      { ids: records.map((r) => r.id) },
    );
    const of = (id: string) => mentions.filter((m) => m.id === `${tag}-${id}`);
    // the ML paper that writes "CL" without defining it joins continual learning
    expect(of('2').map((m) => m.key)).toContain('continual learning');
    // the set theory paper's "CL" is no continual learning, and no topic of a guessed sense either
    expect(of('3').map((m) => m.key)).not.toContain('continual learning');
    expect(of('3').filter((m) => m.name === 'CL' && m.topic)).toEqual([]);
    // Ba (barium) is not BA (bundle adjustment)
    expect(of('4').map((m) => m.key)).not.toContain('bundle adjustment');
    const { body } = await gql(app, '{ topic(name: "CL") { name aliases otherSenses { name } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.topic.name.toLowerCase()).toBe('continual learning');
    expect(body.data.topic.aliases).toContain('CL');
  });

  it('makes no topic of an acronym no paper writes out when it is used in several fields', async () => {
    const letters = (n: number) =>
      Array.from({ length: n }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join('');
    const [spread, shared] = [`Q${letters(4)}`, `W${letters(4)}`];
    const tag = uniqueId('bare');
    const records = [
      // three physics archives are three fields, as far as what an acronym stands for goes
      paper(`${tag}-1`, `${spread} in spiral galaxies`, `${spread} is measured in galaxies.`, [
        'astro-ph.GA',
      ]),
      paper(`${tag}-2`, `${spread} in Hubbard chains`, `${spread} orders the spin chain.`, [
        'cond-mat.str-el',
      ]),
      paper(`${tag}-3`, `${spread} in hadron colliders`, `${spread} fixes the jet rates.`, ['hep-ph']),
      paper(`${tag}-4`, `${shared} in language models`, `${shared} speeds up training.`, ['cs.LG']),
      paper(`${tag}-5`, `${shared} in vision models`, `${shared} improves accuracy.`, ['cs.CV']),
      paper(`${tag}-6`, `${shared} in speech models`, `${shared} helps recognition.`, ['cs.CL']),
    ];
    await ingest(db, 'test', fromRecords(records), { workers: 0 });
    const topics = await rows(
      `UNWIND $keys AS key OPTIONAL MATCH (t:Phrase {key: key})
       RETURN key, t IS NOT NULL AS phrase, coalesce(t:Topic, false) AS topic, t.paperCount AS papers`,
      { keys: [spread.toLowerCase(), shared.toLowerCase()] },
    );
    // "SSC" in astrophysics, condensed matter and particle physics names three things: no topic
    expect(topics[0]).toMatchObject({ phrase: true, topic: false });
    // one field (computing, across its archives) shares it: a topic
    expect(topics[1]).toMatchObject({ phrase: true, topic: true });
    expect(Number(topics[1]?.papers)).toBe(3);
  });
});

describe('acronyms resolved in later runs', () => {
  const paper = (id: string, title: string, abstract: string, categories: string[]): PaperRecord => ({
    id,
    title,
    abstract,
    published: '2020-01-01',
    updated: null,
    authors: [],
    categories,
    url: null,
    doi: null,
    source: 'test',
    line: 1,
    position: 0,
  });

  it('names a sense by all the ways its papers write it, and what stays of the bare acronym as its papers write it', async () => {
    const initials = Array.from({ length: 3 }, () =>
      String.fromCharCode(66 + Math.floor(Math.random() * 24)),
    );
    const [a, b, c] = initials as [string, string, string];
    const long = `${a.toLowerCase()}orvic ${b.toLowerCase()}uelm ${c.toLowerCase()}astrion`;
    const short = initials.join('');
    const cased = `${a}${b.toLowerCase()}${c.toLowerCase()}`;
    const tag = uniqueId('later');
    const run = (records: PaperRecord[]) => ingest(db, 'test', fromRecords(records), { workers: 0 });
    // a bare acronym first, its definition in a later run, beside a paper whose "Zqv" band is no such thing
    await run([
      paper(`${tag}-1`, `Pressure and the ${short}`, `The ${short} of oxides grows with pressure.`, [
        'cond-mat.str-el',
      ]),
    ]);
    await run([
      paper(
        `${tag}-2`,
        `The ${long} in oxides`,
        `We compute the ${long} (${short}) of oxides. The ${short} is large.`,
        ['cond-mat.str-el'],
      ),
      paper(`${tag}-3`, `Infrared ${cased} band imaging`, `Deep ${cased} band images of nebulae are shown.`, [
        'astro-ph.GA',
      ]),
    ]);
    const [stray] = await rows('MATCH (t:Phrase {key: $key}) RETURN t.name AS name', {
      key: short.toLowerCase(),
    });
    expect(stray?.name).toBe(cased);
    // a third run's papers write the plural: the sense they join lists it, though the run made no mention of it
    await run([
      paper(`${tag}-4`, `Strain and ${short}s`, `The ${short}s of perovskites grow with strain.`, [
        'cond-mat.str-el',
      ]),
    ]);
    const { body } = await gql(app, 'query($n: String!) { topic(name: $n) { name aliases paperCount } }', {
      n: short,
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.topic.name).toBe(long);
    expect(body.data.topic.aliases).toEqual(expect.arrayContaining([short, `${short}s`]));
    expect(body.data.topic.paperCount).toBe(3);
    const [stored] = await rows('MATCH (t:Topic {key: $key}) RETURN t.aliases AS aliases', { key: long });
    expect(stored?.aliases).toEqual(expect.arrayContaining([short, `${short}s`]));
  });
});

describe('bringing an existing graph to the current vocabulary', () => {
  it('re-extracts the papers an older extractor read and removes the topics no paper mentions any more', async () => {
    const { storedPapers } = await import('../../ingest/sources/stored.ts');
    const { EXTRACTOR_VERSION } = await import('../../ingest/extract.ts');
    const [before] = await rows(
      'MATCH (p:Paper) RETURN count(p) AS papers, COUNT { (:Author)-[:AUTHORED]->(:Paper) } AS authored',
    );
    await rows(
      `MATCH (p:Paper) WITH p ORDER BY p.id LIMIT 5
       SET p.extractor = 'np-0/old'
       MERGE (t:Phrase:Topic {key: 'obsolete generic phrase'}) SET t.name = 'obsolete generic phrase', t.paperCount = 5
       MERGE (p)-[:MENTIONS {score: 0.9, count: 1, fields: ['abstract'], starts: [0], ends: [1]}]->(t)`,
    );
    const summary = await ingest(db, 'graph', storedPapers(db, EXTRACTOR_VERSION), { workers: 0 });
    expect(summary.written).toBe(5);
    const [after] = await rows(
      `MATCH (p:Paper) RETURN count(p) AS papers, COUNT { (:Author)-[:AUTHORED]->(:Paper) } AS authored,
              COUNT { MATCH (q:Paper) WHERE q.extractor <> $version } AS stale,
              COUNT { MATCH (t:Phrase {key: 'obsolete generic phrase'}) } AS obsolete`,
      { version: EXTRACTOR_VERSION },
    );
    const n = (r: Record<string, unknown> | undefined) =>
      Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k, Number(v)]));
    expect(n(after)).toEqual({ ...n(before), stale: 0, obsolete: 0 });
  });
});
