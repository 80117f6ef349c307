import { encodeGlobalID } from '@pothos/plugin-relay';
import neo4j from 'neo4j-driver';
import { describe, expect, it, vi } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import type { Database } from '../../src/db/driver.ts';
import { testTarget } from '../support/db.ts';
import { gql } from '../support/graphql.ts';
import { onSeededGraph } from '../support/seeded.ts';

let db: Database;
let app: App;

onSeededGraph((seeded) => {
  ({ db, app } = seeded);
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

  it('tells whether a nested list goes on, and returns the same page whether or not it is asked', async () => {
    const topicsOf = async (first: number, pageInfo: boolean) => {
      const { body } = await gql(
        app,
        `query($first: Int) { papers(first: 1) { edges { node { topics(first: $first) {
          totalCount ${pageInfo ? 'pageInfo { hasNextPage }' : ''} edges { node { key } } } } } } }`,
        { first },
      );
      expect(body.errors).toBeUndefined();
      return body.data.papers.edges[0].node.topics;
    };
    const all = await topicsOf(100, true);
    const total = all.totalCount as number;
    expect(total).toBeGreaterThan(3);
    expect(all.edges).toHaveLength(total);
    expect(all.pageInfo.hasNextPage).toBe(false);
    const short = await topicsOf(total - 1, true);
    expect(short.pageInfo.hasNextPage).toBe(true);
    expect(short.edges).toHaveLength(total - 1);
    const without = await topicsOf(total - 1, false);
    expect(without.edges.map((e: any) => e.node.key)).toEqual(short.edges.map((e: any) => e.node.key));
    const exact = await topicsOf(total, true);
    expect(exact.pageInfo.hasNextPage).toBe(false);
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
    // every concept the paper uses, however many: this one has five or more
    expect(topics).toHaveLength(Math.min(10, paper.topics.totalCount));
    expect(paper.topics.totalCount).toBeGreaterThanOrEqual(5);
    const scores = topics.map((t: any) => t.score);
    for (const score of scores) expect(score > 0 && score < 1).toBe(true);
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

  it('resolves a name that keeps an acronym its topic key spells out', async () => {
    const query = 'query($name: String!) { topic(name: $name) { key name paperCount } }';
    const byName = await gql(app, query, { name: 'SSL models' });
    expect(byName.body.data.topic).toMatchObject({
      key: 'self supervised learning model',
      name: 'SSL models',
    });
    const byKey = await gql(app, query, { name: 'self-supervised learning models' });
    expect(byKey.body.data.topic).toEqual(byName.body.data.topic);
    expect((await gql(app, query, { name: 'ssl model' })).body.data.topic).toEqual(byName.body.data.topic);
    const papers = await gql(app, '{ papers(first: 10, where: {topic: "SSL models"}) { totalCount } }');
    expect(papers.body.data.papers.totalCount).toBe(byName.body.data.topic.paperCount);
    const around = await gql(app, '{ neighborhood(topic: "SSL models", depth: 1) { center { key } } }');
    expect(around.body.data.neighborhood.center.key).toBe('self supervised learning model');
    // an acronym with no topic behind it still resolves to nothing
    expect((await gql(app, query, { name: 'XQZ models' })).body.data.topic).toBeNull();
  });

  it('lists topics by paper count', async () => {
    const { body } = await gql(
      app,
      '{ topics(first: 10) { totalCount edges { node { name paperCount } } } }',
    );
    const counts = body.data.topics.edges.map((e: any) => e.node.paperCount);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    expect(body.data.topics.totalCount).toBeGreaterThan(150);
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

const TENSOR_V = 'Tensor Programs V: Tuning Large Neural Networks via Zero-Shot Hyperparameter Transfer';
const topicId = (key: string) => encodeGlobalID('Topic', key);

describe('Relay nodes', () => {
  it('fetches papers and topics by global id, in order, with null for unknown ids', async () => {
    const list = await gql(app, '{ papers(first: 1) { edges { node { id title } } } }');
    const paper = list.body.data.papers.edges[0].node;
    const { body } = await gql(
      app,
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Paper { title } ... on Topic { key } } }`,
      { ids: [topicId('neural network'), paper.id, encodeGlobalID('Topic', 'no such topic')] },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.nodes[0]).toMatchObject({ __typename: 'Topic', key: 'neural network' });
    expect(body.data.nodes[1]).toEqual({ __typename: 'Paper', id: paper.id, title: paper.title });
    expect(body.data.nodes[2]).toBeNull();
  });

  it('answers null, and no error, for well-formed global ids of nothing', async () => {
    const ids = [encodeGlobalID('Topic', 'no such topic'), encodeGlobalID('Paper', 'no-such-paper')];
    for (const id of ids) {
      const { body } = await gql(app, 'query($id: ID!) { node(id: $id) { id } }', { id });
      expect(body).toEqual({ data: { node: null } });
    }
    const many = await gql(app, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: [ids[0], topicId('neural network'), ids[1]],
    });
    expect(many.body).toEqual({ data: { nodes: [null, { id: topicId('neural network') }, null] } });
    const malformed = await gql(app, 'query($id: ID!) { node(id: $id) { id } }', {
      id: encodeGlobalID('Author', 'x'),
    });
    expect(malformed.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('Filters and orders', () => {
  it('filters papers by topic (any name of it), several topics, and full-text search', async () => {
    const byTopic = await gql(
      app,
      '{ papers(first: 50, where: {topic: "muP"}) { totalCount edges { node { title } } } }',
    );
    const titles = byTopic.body.data.papers.edges.map((e: any) => e.node.title);
    expect(titles).toContain(TENSOR_V);
    expect(byTopic.body.data.papers.totalCount).toBe(titles.length);
    const all = await gql(
      app,
      '{ papers(first: 50, where: {allTopics: ["muP", "hyperparameter transfer"]}) { totalCount edges { node { title } } } }',
    );
    expect(all.body.data.papers.totalCount).toBeGreaterThanOrEqual(1);
    expect(all.body.data.papers.totalCount).toBeLessThanOrEqual(titles.length);
    const unknown = await gql(
      app,
      '{ papers(first: 5, where: {topic: "basket weaving"}) { totalCount edges { cursor } } }',
    );
    expect(unknown.body.data.papers).toEqual({ totalCount: 0, edges: [] });
    const search = await gql(
      app,
      '{ papers(first: 3, where: {search: "hidden symmetries"}) { totalCount edges { node { title } } } }',
    );
    expect(search.body.data.papers.edges[0].node.title).toBe('Hidden symmetries of ReLU networks');
  });

  it('orders papers by title and topics by name', async () => {
    const papers = await gql(app, '{ papers(first: 37, orderBy: TITLE) { edges { node { title } } } }');
    const titles = papers.body.data.papers.edges.map((e: any) => e.node.title.toLowerCase());
    expect(titles).toEqual([...titles].sort());
    const topics = await gql(
      app,
      '{ topics(first: 20, orderBy: NAME, where: {nameContains: "Neural-Net", minPapers: 2}) { totalCount edges { node { key paperCount } } } }',
    );
    const keys = topics.body.data.topics.edges.map((e: any) => e.node.key);
    expect(keys).toEqual([...keys].sort());
    expect(keys).toContain('neural network');
    for (const e of topics.body.data.topics.edges) {
      expect(e.node.key).toContain('neural network');
      expect(e.node.paperCount).toBeGreaterThanOrEqual(2);
    }
  });

  it('refuses malformed filters with typed errors', async () => {
    for (const where of ['{publishedFrom: "2023-02-30"}', '{search: "  && || "}', '{topic: "---"}']) {
      const { body } = await gql(app, `{ papers(first: 1, where: ${where}) { totalCount } }`);
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).toMatch(/where/);
    }
  });
});

describe('Search and autocomplete', () => {
  it('searches papers and topics with scores and highlighted snippets', async () => {
    const { body } = await gql(
      app,
      `{ search(query: "self-supervised speech", first: 5) { totalCount edges { score
          highlights { field snippet text } node { __typename ... on Paper { title } ... on Topic { name } } } } }`,
    );
    const edges = body.data.search.edges;
    expect(edges.length).toBe(5);
    expect(body.data.search.totalCount).toBeGreaterThanOrEqual(5);
    const scores = edges.map((e: any) => e.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(edges.map((e: any) => e.node.__typename)).toEqual(expect.arrayContaining(['Paper', 'Topic']));
    const paper = edges.find((e: any) => e.node.title === FIRST_TITLE);
    const title = paper.highlights.find((h: any) => h.field === 'title');
    expect(title.snippet).toBe(
      'Exploring Efficient-tuning Methods in <mark>Self</mark>-<mark>supervised</mark> <mark>Speech</mark> Models',
    );
    const topics = await gql(
      app,
      '{ search(query: "SSL", kinds: [TOPIC], first: 5) { edges { node { ... on Topic { key } } } } }',
    );
    expect(topics.body.data.search.edges.map((e: any) => e.node.key)).toContain('self supervised learning');
  });

  it('treats Lucene and Cypher syntax in a search as plain words', async () => {
    const cases: [string, number][] = [
      ['title:(hidden OR "x") AND ~*', 4],
      ["') RETURN 1 //", 7],
      ['symmetries^99 \\', 5],
    ];
    for (const [query, total] of cases) {
      const { body } = await gql(app, 'query($q: String!) { search(query: $q, first: 3) { totalCount } }', {
        q: query,
      });
      expect(body.errors).toBeUndefined();
      expect(body.data.search.totalCount, query).toBe(total);
    }
    const empty = await gql(app, '{ search(query: "&& || !", first: 3) { totalCount } }');
    expect(empty.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('completes topic names and acronyms from a prefix, most mentioned first', async () => {
    const { body } = await gql(
      app,
      '{ autocomplete(prefix: "Neural N", first: 5) { totalCount edges { matched node { key paperCount } } } }',
    );
    const edges = body.data.autocomplete.edges;
    expect(edges[0].node.key).toBe('neural network');
    for (const e of edges) expect(e.node.key.startsWith('neural n')).toBe(true);
    const counts = edges.map((e: any) => e.node.paperCount);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    const acronym = await gql(
      app,
      '{ autocomplete(prefix: "mu", first: 10) { edges { matched node { key } } } }',
    );
    expect(acronym.body.data.autocomplete.edges).toContainEqual({
      matched: 'muP',
      node: { key: 'maximal update parameterization' },
    });
  });
});

describe('Related topics and papers, and why', () => {
  it('lists co-occurring topics with weights, and the hierarchy both ways', async () => {
    const { body } = await gql(
      app,
      `{ topic(name: "hyperparameter transfer") { key
          related(first: 5) { totalCount edges { papers pmi weight node { key } } }
          narrower(first: 10) { edges { node { key } } }
          broader { edges { node { key } } } } }`,
    );
    const topic = body.data.topic;
    expect(topic.related.edges.length).toBeGreaterThan(0);
    const weights = topic.related.edges.map((e: any) => e.weight);
    expect([...weights].sort((a, b) => b - a)).toEqual(weights);
    for (const e of topic.related.edges) {
      expect(e.papers).toBeGreaterThanOrEqual(1);
      // the weight counts the papers with both among their ten best topics, a part of `papers`
      expect(e.weight).toBeLessThanOrEqual(e.papers * Math.max(0, e.pmi) + 1e-9);
    }
    expect(topic.narrower.edges.map((e: any) => e.node.key)).toContain('zero shot hyperparameter transfer');
    const zeroShot = await gql(
      app,
      '{ topic(name: "zero-shot hyperparameter transfer") { broader { edges { node { key } } } } }',
    );
    expect(zeroShot.body.data.topic.broader.edges.map((e: any) => e.node.key)).toEqual([
      'hyperparameter transfer',
    ]);
  });

  it('counts every paper that mentions both topics of a co-occurrence, on topics and neighbourhoods', async () => {
    const { records } = await db.driver.executeQuery(
      `MATCH (a:Topic {key: 'neural network'})-[c:CO_OCCURS]-(b:Topic)
       RETURN b.key AS key, c.papers AS stored, COUNT { (a)<-[:MENTIONS]-(:Paper)-[:MENTIONS]->(b) } AS both`,
      {},
      { database: db.database },
    );
    const both = new Map(records.map((r) => [r.get('key') as string, neo4j.integer.toNumber(r.get('both'))]));
    expect(both.size).toBeGreaterThan(3);
    const related = await gql(
      app,
      '{ topic(name: "neural network") { related(first: 100) { totalCount edges { papers node { key } } } } }',
    );
    const edges = related.body.data.topic.related.edges;
    expect(edges).toHaveLength(records.length);
    for (const e of edges) expect(e.papers, e.node.key).toBe(both.get(e.node.key));
    const hood = await gql(
      app,
      `{ neighborhood(topic: "neural network", limit: 500) {
          center { id } nodes { topic { id key } } edges { source target papers } } }`,
    );
    const n = hood.body.data.neighborhood;
    const keyOf = new Map(n.nodes.map((x: any) => [x.topic.id, x.topic.key]));
    const fromCentre = n.edges.filter((e: any) => e.source === n.center.id || e.target === n.center.id);
    expect(fromCentre).toHaveLength(records.length);
    for (const e of fromCentre) {
      const other = keyOf.get(e.source === n.center.id ? e.target : e.source) as string;
      expect(e.papers, other).toBe(both.get(other));
    }
    const other = [...both.keys()].sort()[0] as string;
    const path = await gql(
      app,
      'query($a: ID!, $b: ID!) { explain(from: $a, to: $b) { steps { weight description } } }',
      { a: topicId('neural network'), b: topicId(other) },
    );
    const steps = path.body.data.explain.steps;
    expect(steps).toHaveLength(1);
    expect(steps[0].weight).toBe(both.get(other));
    expect(steps[0].description).toContain(`appear together in ${both.get(other)} paper`);
  });

  it('lists related papers with the shared topics that explain them', async () => {
    const found = await gql(
      app,
      '{ papers(first: 1, where: {search: "zero-shot hyperparameter transfer tensor programs"}) { edges { node { id title } } } }',
    );
    expect(found.body.data.papers.edges[0].node.title).toBe(TENSOR_V);
    const { body } = await gql(
      app,
      `query($id: ID!) { paper(id: $id) { related(first: 3) { totalCount edges { score node { title }
          sharedTopics { weight topic { key } } sharedPhrases { weight name } textSimilarity } } } }`,
      { id: found.body.data.papers.edges[0].node.id },
    );
    const edges = body.data.paper.related.edges;
    expect(edges.length).toBeGreaterThan(0);
    const sum = (list: { weight: number }[]) => list.reduce((s, x) => s + x.weight, 0);
    for (const e of edges) {
      expect(e.score).toBeGreaterThan(0);
      expect(e.node.title).not.toBe(TENSOR_V);
      // the explanation adds up to the score shown
      expect(e.sharedTopics.length + e.sharedPhrases.length).toBeGreaterThan(0);
      expect(e.sharedTopics.length + e.sharedPhrases.length).toBeLessThanOrEqual(8);
      expect(e.textSimilarity).toBeGreaterThanOrEqual(0);
      expect(sum(e.sharedTopics) + sum(e.sharedPhrases) + e.textSimilarity).toBeCloseTo(e.score, 9);
      for (const list of [e.sharedTopics, e.sharedPhrases])
        for (let i = 1; i < list.length; i++) expect(list[i].weight).toBeLessThanOrEqual(list[i - 1].weight);
    }
    expect(edges.some((e: any) => e.sharedTopics.length > 0)).toBe(true);
    expect(edges.some((e: any) => e.textSimilarity > 0)).toBe(true);
  });

  it('explains how a topic reaches a paper, step by step', async () => {
    const paper = await gql(
      app,
      '{ papers(first: 1, where: {search: "Tensor Programs V"}) { edges { node { id } } } }',
    );
    const paperId = paper.body.data.papers.edges[0].node.id;
    const { body } = await gql(
      app,
      `query($from: ID!, $to: ID!) { explain(from: $from, to: $to) { length
          nodes { __typename id } steps { relation from { id } to { id } weight description } } }`,
      { from: topicId('hyperparameter transfer'), to: paperId },
    );
    const path = body.data.explain;
    expect(path.length).toBe(path.steps.length);
    expect(path.nodes).toHaveLength(path.length + 1);
    expect(path.nodes[0].id).toBe(topicId('hyperparameter transfer'));
    expect(path.nodes.at(-1).id).toBe(paperId);
    path.steps.forEach((step: any, i: number) => {
      expect([step.from.id, step.to.id].sort()).toEqual([path.nodes[i].id, path.nodes[i + 1].id].sort());
      expect(step.description.length).toBeGreaterThan(10);
    });
    const missing = await gql(app, `{ explain(from: "no-such-paper", to: "${paperId}") { length } }`);
    expect(missing.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argumentName: 'from' });
  });

  it('returns a neighbourhood as nodes and edges among them, within the limit', async () => {
    const { body } = await gql(
      app,
      `{ neighborhood(topic: "Hyperparameter Tuning", depth: 2, limit: 25) { center { key }
          nodes { id depth topic { id key } } edges { source target papers weight } } }`,
    );
    const n = body.data.neighborhood;
    expect(n.center.key).toBe('hyperparameter tuning');
    expect(n.nodes[0]).toMatchObject({ depth: 0, topic: { key: 'hyperparameter tuning' } });
    // breadth first up to the limit: every topic one hop away, then the nearest two hops away
    const reach = async (hops: number) => {
      const { records } = await db.driver.executeQuery(
        `MATCH (:Topic {key: 'hyperparameter tuning'})-[:CO_OCCURS*1..${hops}]-(t:Topic)
         WHERE t.key <> 'hyperparameter tuning' RETURN count(DISTINCT t) AS n`,
        {},
        { database: db.database },
      );
      return 1 + neo4j.integer.toNumber(records[0]?.get('n') ?? 0);
    };
    const [one, two] = [await reach(1), await reach(2)];
    expect(two).toBeGreaterThan(one);
    expect(n.nodes.length).toBe(Math.min(25, two));
    expect(new Set(n.nodes.map((x: any) => x.id)).size).toBe(n.nodes.length);
    expect(n.nodes.filter((x: any) => x.depth <= 1)).toHaveLength(Math.min(25, one));
    expect(n.nodes.some((x: any) => x.depth === 2)).toBe(true);
    const ids = new Set(n.nodes.map((x: any) => x.topic.id));
    expect(n.edges.length).toBeGreaterThanOrEqual(n.nodes.length - 1);
    for (const e of n.edges) {
      expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
      expect(e.papers).toBeGreaterThanOrEqual(1);
    }
    const bad = await gql(app, '{ neighborhood(topic: "neural networks", depth: 4) { center { key } } }');
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const none = await gql(app, '{ neighborhood(topic: "basket weaving") { center { key } } }');
    expect(none.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it("reads a neighbourhood's topics as selected, through fragments and on the centre", async () => {
    const { body } = await gql(
      app,
      `{ neighborhood(topic: "SSL", limit: 12) { center { key aliases }
          nodes { topic { ...T } } } }
       fragment T on Topic { key paperCount }`,
    );
    const n = body.data.neighborhood;
    const { records } = await db.driver.executeQuery(
      `UNWIND $keys AS key MATCH (t:Topic {key: key})
       RETURN t.key AS key, t.paperCount AS paperCount, t.aliases AS aliases`,
      { keys: n.nodes.map((x: any) => x.topic.key) },
      { database: db.database },
    );
    const stored = new Map(records.map((r) => [r.get('key'), r]));
    expect(n.nodes.length).toBeGreaterThan(1);
    for (const { topic } of n.nodes) {
      const row = stored.get(topic.key);
      expect(topic.paperCount).toBe(neo4j.integer.toNumber(row?.get('paperCount')));
    }
    // values that a plan leaving them out would lose: counts above zero, the centre's acronym
    expect(n.nodes.every((x: any) => x.topic.paperCount > 0)).toBe(true);
    expect(n.center.aliases).toEqual(stored.get(n.center.key)?.get('aliases'));
    expect(n.center.aliases).toContain('SSL');
  });
});

describe('Execution', () => {
  it('loads a nested query in one Cypher statement, whatever the page sizes', async () => {
    const query = (n: number) => `{ papers(first: ${n}) { totalCount edges { node { title
        topics(first: ${n}) { totalCount edges { score mentions { text } node { name trend { year }
          papers(first: ${n}) { totalCount edges { node { title authors } } }
          related(first: 2) { edges { weight node { name narrower { totalCount } } } } } } }
        related(first: ${n}) { edges { sharedTopics { topic { name } } node { title } } } } } } }`;
    const spy = vi.spyOn(db.driver, 'executeQuery');
    try {
      for (const n of [3, 10]) {
        spy.mockClear();
        const { body } = await gql(app, query(n));
        expect(body.errors).toBeUndefined();
        expect(body.data.papers.edges).toHaveLength(n);
        const topics = body.data.papers.edges[0].node.topics;
        expect(topics.edges).toHaveLength(Math.min(n, topics.totalCount));
        expect(topics.edges[0].node.papers.totalCount).toBeGreaterThanOrEqual(1);
        expect(spy).toHaveBeenCalledTimes(1);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('costs one batched round trip per level where a level cannot be planned with its parent', async () => {
    const list = await gql(app, '{ papers(first: 20) { edges { node { id } } } }');
    const ids = list.body.data.papers.edges.map((e: any) => e.node.id);
    const spy = vi.spyOn(db.driver, 'executeQuery');
    try {
      for (const n of [2, 20]) {
        spy.mockClear();
        const { body } = await gql(
          app,
          `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Paper { title
              topics(first: ${n}) { edges { node { name papers(first: ${n}) { edges { node { title } } } } } } } } }`,
          { ids: ids.slice(0, n) },
        );
        expect(body.errors).toBeUndefined();
        expect(body.data.nodes).toHaveLength(n);
        // the nodes, then every paper's topics with their papers, batched
        expect(spy).toHaveBeenCalledTimes(2);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('answers the same whether a level is planned with its parent or loaded in a batch', async () => {
    const selection = `title topics(first: 5) { totalCount edges { score count mentions { field start end text }
      node { key paperCount related(first: 3) { totalCount edges { papers weight node { key } } } } } }
      related(first: 3) { totalCount edges { score sharedTopics { weight topic { key } } node { paperId } } }`;
    const planned = await gql(app, `{ papers(first: 5) { edges { node { id ${selection} } } } }`);
    const ids = planned.body.data.papers.edges.map((e: any) => e.node.id);
    const batched = await gql(
      app,
      `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Paper { ${selection} } } }`,
      {
        ids,
      },
    );
    expect(batched.body.errors).toBeUndefined();
    expect(batched.body.data.nodes).toEqual(planned.body.data.papers.edges.map((e: any) => e.node));
  });

  it('refuses queries over the limits before they reach Neo4j', async () => {
    const spy = vi.spyOn(db.driver, 'executeQuery');
    try {
      const complex = await gql(
        app,
        '{ papers(first: 100) { edges { node { topics(first: 100) { edges { node { papers(first: 100) { edges { node { title } } } } } } } } } }',
      );
      expect(complex.body.errors?.[0]?.extensions).toMatchObject({
        code: 'QUERY_TOO_COMPLEX',
        limit: 'complexity',
      });
      const nest = (depth: number): string =>
        depth === 0
          ? 'title'
          : `topics(first: 1) { edges { node { papers(first: 1) { edges { node { ${nest(depth - 1)} } } } } } }`;
      const deep = await gql(app, `{ papers(first: 1) { edges { node { ${nest(2)} } } } }`);
      expect(deep.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
      const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: topic(name: "x") { key }`).join(' ');
      const many = await gql(app, `{ ${aliases} }`);
      expect(many.body.errors?.[0]?.extensions).toMatchObject({
        code: 'QUERY_TOO_COMPLEX',
        limit: 'aliases',
      });
      const tokens = await gql(app, `{ papers(first: 1) { ${'__typename '.repeat(4000)} } }`);
      expect(tokens.body.errors?.[0]?.message).toContain('Token limit');
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});

describe('HTTP', () => {
  it('answers GET queries with the GraphQL response media type', async () => {
    const response = await app.fetch(
      `http://test/graphql?query=${encodeURIComponent('{ papers(first: 1) { totalCount } }')}`,
      { headers: { accept: 'application/graphql-response+json' } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/graphql-response+json');
    expect(await response.json()).toEqual({ data: { papers: { totalCount: 37 } } });
    const mutation = await app.fetch(
      `http://test/graphql?query=${encodeURIComponent('mutation { deletePaper(id: "x") { paperId } }')}`,
      { headers: { accept: 'application/graphql-response+json' } },
    );
    expect(mutation.status).toBe(405);
  });

  it('reports liveness on /health and Neo4j readiness on /ready', async () => {
    expect((await app.fetch('http://test/health')).status).toBe(200);
    expect((await app.fetch('http://test/ready')).status).toBe(200);
    const t = testTarget();
    const closedPort = t.uri.replace(/:\d+$/, ':1');
    const driver = neo4j.driver(closedPort, neo4j.auth.basic(t.user, t.password), {
      connectionTimeout: 500,
      maxTransactionRetryTime: 1000,
    });
    const down = createApp(
      { driver, database: t.database, target: closedPort, close: () => driver.close() },
      { logging: false },
    );
    try {
      const started = performance.now();
      const ready = await down.fetch('http://test/ready');
      expect(ready.status).toBe(503);
      expect(performance.now() - started).toBeLessThan(5000);
      const query = await gql(down, '{ papers(first: 1) { totalCount } }');
      expect(query.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(query.body.errors?.[0]?.message).not.toContain('bolt');
    } finally {
      await driver.close();
    }
  });

  it('sends CORS headers only to the origins configured', async () => {
    const open = createApp(db, { logging: false, corsOrigins: ['https://explorer.example'] });
    const allowed = await open.fetch('http://test/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://explorer.example', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://explorer.example');
    const other = await open.fetch('http://test/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' },
    });
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://elsewhere.example');
    const closed = await app.fetch('http://test/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://explorer.example', 'access-control-request-method': 'POST' },
    });
    expect(closed.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('describes every type and field for GraphiQL', async () => {
    const { body } = await gql(
      app,
      '{ __schema { types { name kind description fields { name description } } } }',
    );
    const missing: string[] = [];
    for (const type of body.data.__schema.types) {
      if (type.name.startsWith('__') || type.kind === 'SCALAR') continue;
      if (
        type.name.endsWith('Connection') ||
        type.name.endsWith('ConnectionEdge') ||
        type.name === 'PageInfo'
      )
        continue;
      if (!type.description) missing.push(type.name);
      for (const field of type.fields ?? []) {
        if (!field.description && field.name !== 'id' && field.name !== 'cursor')
          missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
