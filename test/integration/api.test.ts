import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/files.ts';
import { type App, createApp } from '../../src/app.ts';
import type { Database } from '../../src/db/driver.ts';
import { openTestDatabase, resetGraph } from '../support/db.ts';
import { gql } from '../support/graphql.ts';

let db: Database;
let app: App;

beforeAll(async () => {
  db = await openTestDatabase();
  await resetGraph(db);
  await ingestFile(db, 'seeds/trending-papers.txt', { workers: 0 });
  app = createApp(db, { logging: false });
});
afterAll(async () => {
  await db?.close();
});

const FIRST_TITLE = 'Exploring Efficient-tuning Methods in Self-supervised Speech Models';

describe('GraphQL API on the seed papers', () => {
  it('lists the 37 papers in source order', async () => {
    const { status, body } = await gql(
      app,
      '{ papers(first: 50) { totalCount edges { node { id paperId title } } } }',
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const { totalCount, edges } = body.data.papers;
    expect(totalCount).toBe(37);
    expect(edges).toHaveLength(37);
    expect(edges[0].node.title).toBe(FIRST_TITLE);
    expect(edges[1].node.title).toBe('Hidden symmetries of ReLU networks');
  });

  it('pages with cursors', async () => {
    const page1 = await gql(
      app,
      '{ papers(first: 30) { pageInfo { hasNextPage endCursor } edges { node { paperId } } } }',
    );
    const { endCursor, hasNextPage } = page1.body.data.papers.pageInfo;
    expect(hasNextPage).toBe(true);
    const page2 = await gql(
      app,
      'query($after: String) { papers(first: 30, after: $after) { pageInfo { hasNextPage } edges { node { paperId } } } }',
      { after: endCursor },
    );
    expect(page2.body.data.papers.edges).toHaveLength(7);
    expect(page2.body.data.papers.pageInfo.hasNextPage).toBe(false);
    const ids = [...page1.body.data.papers.edges, ...page2.body.data.papers.edges].map(
      (e: any) => e.node.paperId,
    );
    expect(new Set(ids).size).toBe(37);
  });

  it('finds a paper by its own id and by its global id', async () => {
    const list = await gql(app, '{ papers(first: 1) { edges { node { id paperId } } } }');
    const { id, paperId } = list.body.data.papers.edges[0].node;
    for (const key of [id, paperId]) {
      const { body } = await gql(app, 'query($id: ID!) { paper(id: $id) { paperId title } }', { id: key });
      expect(body.data.paper).toEqual({ paperId, title: FIRST_TITLE });
    }
    const node = await gql(app, 'query($id: ID!) { node(id: $id) { ... on Paper { title } } }', { id });
    expect(node.body.data.node.title).toBe(FIRST_TITLE);
    const missing = await gql(app, '{ paper(id: "no-such-paper") { title } }');
    expect(missing.body.data.paper).toBeNull();
  });

  it("returns a paper's topics, most central first, with mentions that quote the text", async () => {
    const { body } = await gql(
      app,
      `{ papers(first: 1) { edges { node { abstract topics(first: 10) { totalCount edges {
          score count node { key name paperCount } mentions { field start end text } } } } } } }`,
    );
    const paper = body.data.papers.edges[0].node;
    const topics = paper.topics.edges;
    expect(topics).toHaveLength(10);
    expect(paper.topics.totalCount).toBeGreaterThanOrEqual(10);
    expect(topics[0].score).toBe(1);
    const scores = topics.map((t: any) => t.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const t of topics) {
      expect(t.mentions).toHaveLength(t.count);
      for (const m of t.mentions) {
        if (m.field === 'ABSTRACT') expect(paper.abstract.slice(m.start, m.end)).toBe(m.text);
      }
    }
    expect(topics.map((t: any) => t.node.key)).toContain('self supervised learning');
  });

  it('resolves a topic from any case or plural and lists the papers that mention it', async () => {
    const variants = ['self-supervised learning', 'Self-Supervised Learning', 'self supervised learning'];
    for (const name of variants) {
      const { body } = await gql(
        app,
        'query($name: String!) { topic(name: $name) { key paperCount papers(first: 5) { totalCount edges { score node { title } } } } }',
        { name },
      );
      expect(body.data.topic.key).toBe('self supervised learning');
      expect(body.data.topic.papers.edges.map((e: any) => e.node.title)).toContain(FIRST_TITLE);
      expect(body.data.topic.papers.totalCount).toBe(body.data.topic.paperCount);
    }
    const plural = await gql(app, '{ topic(name: "Neural Networks") { key paperCount } }');
    expect(plural.body.data.topic.key).toBe('neural network');
    expect(plural.body.data.topic.paperCount).toBeGreaterThan(1);
    const none = await gql(app, '{ topic(name: "basket weaving") { key } }');
    expect(none.body.data.topic).toBeNull();
  });

  it('finds the same topic, and its papers, through an acronym and its long form', async () => {
    const query =
      'query($name: String!) { topic(name: $name) { id key papers(first: 10) { edges { node { title } } } } }';
    const byAcronym = await gql(app, query, { name: 'muP' });
    const byLongForm = await gql(app, query, { name: 'maximal update parameterization' });
    const byVariant = await gql(app, query, { name: 'Maximal Update Parametrization' });
    expect(byAcronym.body.data.topic.key).toBe('maximal update parameterization');
    expect(byLongForm.body.data.topic).toEqual(byAcronym.body.data.topic);
    expect(byVariant.body.data.topic).toEqual(byAcronym.body.data.topic);
    const titles = byAcronym.body.data.topic.papers.edges.map((e: any) => e.node.title);
    expect(titles).toContain(
      'Tensor Programs V: Tuning Large Neural Networks via Zero-Shot Hyperparameter Transfer',
    );
    expect(titles.length).toBeGreaterThanOrEqual(2);
    const ssl = await gql(app, '{ topic(name: "SSL") { key name aliases } }');
    expect(ssl.body.data.topic).toMatchObject({
      key: 'self supervised learning',
      name: 'self-supervised learning',
    });
    expect(ssl.body.data.topic.aliases).toContain('SSL');
  });

  it('lists topics by paper count', async () => {
    const { body } = await gql(
      app,
      '{ topics(first: 10) { totalCount edges { node { name paperCount } } } }',
    );
    const counts = body.data.topics.edges.map((e: any) => e.node.paperCount);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    expect(body.data.topics.totalCount).toBeGreaterThan(400);
  });

  it('refuses oversized pages and bad cursors with typed errors', async () => {
    const big = await gql(app, '{ papers(first: 101) { totalCount } }');
    expect(big.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(big.body.errors?.[0]?.message).toContain('between 0 and 100');
    const cursor = await gql(app, '{ papers(first: 5, after: "garbage") { totalCount } }');
    expect(cursor.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const syntax = await gql(app, '{ papers(first: 5) { ');
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors?.[0]?.message).toContain('Syntax Error');
  });

  it('serves GraphiQL at /graphql', async () => {
    const response = await app.fetch('http://test/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('GraphiQL');
    expect(html).toContain('papers(first: 5)');
  });
});
