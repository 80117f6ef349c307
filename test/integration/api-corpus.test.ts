import { Readable } from 'node:stream';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../ingest/pipeline.ts';
import { readJsonl } from '../../ingest/sources/jsonl.ts';
import { type App, createApp } from '../../src/app.ts';
import type { Database } from '../../src/db/driver.ts';
import { parseApiKeys } from '../../src/graphql/auth.ts';
import { sampleLines } from '../support/corpus.ts';
import { openTestDatabase, resetGraph } from '../support/db.ts';
import { gql } from '../support/graphql.ts';

const SAMPLE = 400;
const KEY = 'test-key-0123456789';
let db: Database;
let app: App;
let lines: Record<string, any>[];

/** Posts with an API key. */
async function write(query: string, variables?: Record<string, unknown>, key: string | null = KEY) {
  const response = await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** A new-style arXiv id no corpus paper has, so each test writes its own paper. */
const arxivLikeId = () => `2999.${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;

beforeAll(async () => {
  db = await openTestDatabase();
  await resetGraph(db);
  const raw = await sampleLines(SAMPLE);
  lines = raw.map((l) => JSON.parse(l));
  await ingest(db, 'sample.jsonl', readJsonl(Readable.from([Buffer.from(raw.join('\n'))]), 'sample.jsonl'), {
    workers: 0,
  });
  app = createApp(db, { logging: false, apiKeys: parseApiKeys(`other-key, ${KEY}`) });
});
afterAll(async () => {
  await db?.close();
});

describe('Papers with metadata, from a corpus sample', () => {
  it('exposes authors in order, categories, dates, DOI and url', async () => {
    const source = lines.find((l) => l.doi && l.authors.length > 2) as Record<string, any>;
    const { body } = await gql(
      app,
      'query($id: ID!) { paper(id: $id) { paperId authors categories published year doi url } }',
      { id: source.id.replace(/v\d+$/, '') },
    );
    expect(body.data.paper).toMatchObject({
      authors: source.authors,
      categories: [...source.categories].sort(),
      published: source.published.slice(0, 10),
      year: Number(source.published.slice(0, 4)),
      // DOIs are case-insensitive and stored lower-cased
      doi: source.doi.toLowerCase(),
    });
  });

  it('filters by publication dates and orders by date both ways', async () => {
    const { body } = await gql(
      app,
      `{ papers(first: 100, where: {publishedFrom: "2011-03", publishedTo: "2011"}, orderBy: NEWEST) {
          totalCount edges { node { published } } } }`,
    );
    const expected = lines.filter(
      (l) => l.published >= '2011-03-01' && l.published.slice(0, 10) <= '2011-12-31',
    );
    expect(expected.length).toBeGreaterThan(10);
    expect(body.data.papers.totalCount).toBe(expected.length);
    const dates = body.data.papers.edges.map((e: any) => e.node.published);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates[0] <= '2011-12-31' && dates.at(-1) >= '2011-03-01').toBe(true);
    const oldest = await gql(app, '{ papers(first: 3, orderBy: OLDEST) { edges { node { published } } } }');
    const first = [...lines].map((l) => l.published.slice(0, 10)).sort()[0];
    expect(oldest.body.data.papers.edges[0].node.published).toBe(first);
  });

  it('filters by category and by author, whatever the case or spacing of the name', async () => {
    const byCategory = await gql(
      app,
      '{ papers(first: 100, where: {category: "gr-qc"}) { totalCount edges { node { categories } } } }',
    );
    const grQc = lines.filter((l) => l.categories.includes('gr-qc')).length;
    expect(grQc).toBeGreaterThan(1);
    expect(byCategory.body.data.papers.totalCount).toBe(grQc);
    expect(byCategory.body.data.papers.edges).toHaveLength(grQc);
    for (const e of byCategory.body.data.papers.edges) expect(e.node.categories).toContain('gr-qc');
    const byAuthor = await gql(
      app,
      '{ papers(first: 10, where: {author: "andrei   ZELEVINSKY"}) { totalCount edges { node { authors } } } }',
    );
    const name = 'Andrei Zelevinsky';
    expect(lines.filter((l) => l.authors.includes(name))).toHaveLength(2);
    expect(byAuthor.body.data.papers.totalCount).toBe(2);
    expect(byAuthor.body.data.papers.edges).toHaveLength(2);
    for (const e of byAuthor.body.data.papers.edges) expect(e.node.authors).toContain(name);
    // one of the two is in math.RT: the filters combine
    const both = await gql(
      app,
      '{ papers(first: 10, where: {author: "Andrei Zelevinsky", category: "math.RT"}) { totalCount } }',
    );
    expect(both.body.data.papers.totalCount).toBe(
      lines.filter((l) => l.authors.includes(name) && l.categories.includes('math.RT')).length,
    );
    expect(both.body.data.papers.totalCount).toBe(1);
  });

  it('combines a topic, a search and a category', async () => {
    const top = await gql(app, '{ topics(first: 1, where: {minPapers: 3}) { edges { node { key name } } } }');
    const topic = top.body.data.topics.edges[0].node;
    const all = await gql(
      app,
      `query($topic: String!) { papers(first: 100, where: {topic: $topic}) { edges { node { title abstract categories } } } }`,
      { topic: topic.name },
    );
    const withWord = all.body.data.papers.edges.filter((e: any) =>
      /\bmodel/i.test(`${e.node.title} ${e.node.abstract}`),
    );
    // the category most of the topic's papers that say "model" are in
    const counts = new Map<string, number>();
    for (const e of withWord) for (const c of e.node.categories) counts.set(c, (counts.get(c) ?? 0) + 1);
    const category = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
    expect(category).toBeDefined();
    const { body } = await gql(
      app,
      `query($topic: String!, $category: String!) { papers(first: 50, where: {topic: $topic, search: "model", category: $category}) {
          totalCount edges { node { title abstract categories topics(first: 50) { edges { node { key } } } } } } }`,
      { topic: topic.name, category },
    );
    expect(body.errors).toBeUndefined();
    const matching = withWord.filter((e: any) => e.node.categories.includes(category));
    expect(body.data.papers.totalCount).toBe(matching.length);
    expect(matching.length).toBeGreaterThan(0);
    expect(body.data.papers.edges).toHaveLength(Math.min(matching.length, 50));
    for (const e of body.data.papers.edges) {
      expect(e.node.categories).toContain(category);
      expect(e.node.topics.edges.map((t: any) => t.node.key)).toContain(topic.key);
    }
  });
});

describe('Trends and growth', () => {
  it('counts papers per year for a topic, oldest first', async () => {
    const { body } = await gql(
      app,
      '{ topics(first: 5, where: {minPapers: 5}) { edges { node { key paperCount trend { year papers } } } } }',
    );
    expect(body.data.topics.edges).toHaveLength(5);
    for (const e of body.data.topics.edges) {
      const years = e.node.trend.map((p: any) => p.year);
      expect(years).toEqual([...years].sort());
      expect(e.node.trend.reduce((n: number, p: any) => n + p.papers, 0)).toBe(e.node.paperCount);
    }
  });

  it('orders topics by growth against the corpus, shrunk for small topics', async () => {
    const { body } = await gql(
      app,
      '{ topics(first: 20, orderBy: GROWTH, where: {minPapers: 3}) { edges { node { key paperCount growth trend { year papers } } } } }',
    );
    const edges = body.data.topics.edges;
    const growth = edges.map((e: any) => e.node.growth);
    expect(growth.every((g: unknown) => typeof g === 'number')).toBe(true);
    expect([...growth].sort((a, b) => b - a)).toEqual(growth);
    const years = lines.map((l) => Number(l.published.slice(0, 4)));
    const latest = Math.max(...years);
    const share = years.filter((y) => y >= latest - 1).length / years.length;
    const top = edges[0].node;
    const recent = top.trend
      .filter((p: any) => p.year >= latest - 1)
      .reduce((n: number, p: any) => n + p.papers, 0);
    expect(top.growth).toBeCloseTo((recent + 5 * share) / (top.paperCount + 5) / share, 3);
  });
});

describe('Mutations', () => {
  // a word of letters only, so it stays one token: "2999.01234" → "wbjjjbcde"
  const unique = (id: string) => `w${[...id.replace('.', '')].map((d) => 'abcdefghij'[Number(d)]).join('')}`;
  const paper = (id: string, title = `Quantum widget lattices ${id}`) => ({
    id,
    // the title names a concept of this paper alone
    title: `${title}: the ${unique(id)} anomaly`,
    abstract: `We study quantum widget lattices ${unique(id)} and their gauge anomalies. Quantum widget lattices admit a duality.`,
    published: '1994-05-01',
    authors: ['Ada Lovelace', 'Alan Turing'],
    categories: ['hep-th'],
  });
  const INGEST = `mutation($papers: [PaperInput!]!) { ingestPapers(papers: $papers) {
      written unchanged topicsCreated papers { paperId authors topics(first: 20) { edges { node { key } } } } } }`;
  const count = async () => (await gql(app, '{ papers { totalCount } }')).body.data.papers.totalCount;

  it('refuses writes without a valid API key, and writes nothing', async () => {
    const before = await count();
    for (const key of [null, 'wrong-key']) {
      const { body } = await write(INGEST, { papers: [paper(arxivLikeId())] }, key);
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(body.data).toBeNull();
    }
    const readOnly = createApp(db, { logging: false });
    const response = await readOnly.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ query: 'mutation { deletePaper(id: "x") { paperId } }' }),
    });
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0].message).toContain('API_KEYS');
    expect(await count()).toBe(before);
  });

  it('ingests papers through the pipeline, then leaves unchanged ones alone', async () => {
    const id = arxivLikeId();
    const first = await write(INGEST, { papers: [paper(id)] });
    expect(first.body.errors).toBeUndefined();
    const result = first.body.data.ingestPapers;
    expect(result).toMatchObject({ written: 1, unchanged: 0 });
    expect(result.topicsCreated).toBeGreaterThan(0);
    expect(result.papers[0]).toMatchObject({ paperId: id, authors: ['Ada Lovelace', 'Alan Turing'] });
    const keys = result.papers[0].topics.edges.map((e: any) => e.node.key);
    expect(keys).toContain('quantum widget lattice');
    const again = await write(INGEST, { papers: [paper(id)] });
    expect(again.body.data.ingestPapers).toMatchObject({ written: 0, unchanged: 1, topicsCreated: 0 });
    const topic = await gql(app, '{ topic(name: "quantum widget lattices") { papers { totalCount } } }');
    expect(topic.body.data.topic.papers.totalCount).toBeGreaterThanOrEqual(1);
  });

  it('refuses a batch with one invalid paper and writes none of it', async () => {
    const before = await count();
    const good = paper(arxivLikeId());
    const { body } = await write(INGEST, { papers: [good, { title: '   ', abstract: 'x' }] });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'papers[1]' });
    expect(body.errors?.[0]?.message).toContain('"title" is empty');
    expect(await count()).toBe(before);
    const tooMany = await write(INGEST, { papers: Array.from({ length: 101 }, (_, i) => paper(`x-${i}`)) });
    expect(tooMany.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await count()).toBe(before);
  });

  it('draws a topic that co-occurs with nothing as a neighbourhood of one', async () => {
    const id = arxivLikeId();
    const word = unique(id);
    // one word: a paper with a single topic, nothing inside it to co-occur with; the fixed noun ending keeps
    // the tagger from reading a random one ("…bic", "…ed") as an adjective or a verb
    await write(INGEST, { papers: [{ id, title: `Zymurgy${word}ase`, abstract: '' }] });
    const { body } = await gql(
      app,
      'query($t: String!) { neighborhood(topic: $t, depth: 3) { center { paperCount } nodes { depth } edges { weight } } }',
      { t: `zymurgy${word}ase` },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.neighborhood).toEqual({ center: { paperCount: 1 }, nodes: [{ depth: 0 }], edges: [] });
  });

  it('deletes a paper with the topics only it had, and says NOT_FOUND the second time', async () => {
    const id = arxivLikeId();
    await write(INGEST, { papers: [paper(id)] });
    const topicsOf = await gql(
      app,
      'query($id: ID!) { paper(id: $id) { topics(first: 100) { edges { node { key paperCount } } } } }',
      { id },
    );
    const topics: { key: string; paperCount: number }[] = topicsOf.body.data.paper.topics.edges.map(
      (e: any) => e.node,
    );
    const own = topics.filter((t) => t.paperCount === 1);
    const sharedTopics = topics.filter((t) => t.paperCount > 1);
    expect(own.length).toBeGreaterThan(0);
    expect(sharedTopics.length).toBeGreaterThan(0);
    const before = await count();
    const { body } = await write('mutation($id: ID!) { deletePaper(id: $id) { paperId deletedId } }', { id });
    expect(body.data.deletePaper.paperId).toBe(id);
    expect(await count()).toBe(before - 1);
    expect(
      (await gql(app, 'query($id: ID!) { paper(id: $id) { title } }', { id })).body.data.paper,
    ).toBeNull();
    const after = await gql(
      app,
      'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Topic { key paperCount } } }',
      {
        ids: topics.map((t) => encodeGlobalID('Topic', t.key)),
      },
    );
    const left = new Map(after.body.data.nodes.filter(Boolean).map((t: any) => [t.key, t.paperCount]));
    for (const t of own) expect(left.has(t.key)).toBe(false);
    for (const t of sharedTopics) expect(left.get(t.key)).toBe(t.paperCount - 1);
    const again = await write('mutation($id: ID!) { deletePaper(id: $id) { paperId } }', { id });
    expect(again.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
