import { ApolloClient, gql as apolloGql, HttpLink, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { Client, fetchExchange, gql as urqlGql } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { afterEach, describe, expect, it } from 'vitest';
import { fromRecords, ingest } from '../../ingest/pipeline.ts';
import { type App, createApp } from '../../src/app.ts';
import type { Database } from '../../src/db/driver.ts';
import { toPaperRecord } from '../../src/domain/validate.ts';
import { parseApiKeys } from '../../src/graphql/auth.ts';
import { gql } from '../support/graphql.ts';
import { onSeededGraph } from '../support/seeded.ts';

/**
 * The README's queries through the two normalising caches apps use most: what they merge by id and
 * by cursor must stay right.
 */
let db: Database;
let app: App;
let requests = 0;
const KEY = 'test-key-clients';

onSeededGraph((seeded) => {
  ({ db, app } = seeded);
});

const fetchApp: typeof fetch = async (input, init) => {
  requests++;
  const url = input instanceof Request ? input.url : String(input);
  return app.fetch(url, init as Parameters<App['fetch']>[1]);
};

const apollo = (cache: InMemoryCache) =>
  new ApolloClient({ cache, link: new HttpLink({ uri: 'http://test/graphql', fetch: fetchApp }) });

// graphcache keys entities by id; objects without one are stored inside their parent
const embedded = () => null;
const byId = (data: { id?: unknown }) => (typeof data.id === 'string' ? data.id : null);
const urql = (resolvers = {}) =>
  new Client({
    url: 'http://test/graphql',
    fetch: fetchApp,
    exchanges: [
      cacheExchange({
        keys: {
          ...Object.fromEntries(
            [
              'Neighborhood',
              'NeighborhoodEdge',
              'PageInfo',
              'Mention',
              'Highlight',
              'SharedTopic',
              ...['QueryPapers', 'QuerySearch', 'TopicPapers', 'TopicRelated', 'PaperTopics', 'PaperRelated']
                .map((c) => `${c}Connection`)
                .flatMap((c) => [c, `${c}Edge`]),
            ].map((type) => [type, embedded]),
          ),
          // queries that leave out a node's id get it stored inside its parent
          Paper: byId,
          Topic: byId,
        },
        resolvers,
      }),
      fetchExchange,
    ],
  });

const NEIGHBORHOOD = `query Neighborhood($topic: String!) {
  neighborhood(topic: $topic, depth: 2, limit: 40) {
    center { id name }
    nodes { id depth topic { id key name } }
    edges { source target papers weight }
  }
}`;

const PAPERS = `query Papers($after: String) {
  papers(first: 10, after: $after, orderBy: TITLE) {
    edges { cursor node { id paperId title } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The README's example queries, as they stand there. */
const README_QUERIES = [
  `{
  topic(name: "Self-Supervised Learning") {
    name aliases paperCount
    papers(first: 5) { edges { score mentions { field start end text } node { title } } }
    related(first: 5) { edges { papers weight node { name } } }
  }
  search(query: "hyperparameter transfer", first: 3) {
    edges { score highlights { field snippet } node { ... on Paper { title } ... on Topic { name } } }
  }
}`,
  `{
  paper(id: "t-f0b281a99f9328e3") {
    title
    topics(first: 10) { edges { score count node { name paperCount } } }
    related(first: 3) { edges { score sharedTopics { weight topic { name } } node { title } } }
  }
}`,
];

/** What a client answers, without the __typename fields it asks for itself. */
const withoutTypenames = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value), (key, v) => (key === '__typename' ? undefined : v));

async function directAnswers() {
  const answers = [];
  for (const query of README_QUERIES) {
    const { body } = await gql(app, query);
    expect(body.errors).toBeUndefined();
    answers.push(body.data);
  }
  expect((answers[1] as any).paper.topics.edges.length).toBeGreaterThan(0);
  return answers;
}

type Depths = Record<string, number>;
const depths = (data: any): Depths =>
  Object.fromEntries(data.neighborhood.nodes.map((n: any) => [n.topic.key, n.depth]));

/** Two neighbourhoods that share topics at different depths, as the server draws them. */
async function expectedNeighbourhoods() {
  const mtl = depths((await gql(app, NEIGHBORHOOD, { topic: 'MTL' })).body.data);
  const nn = depths((await gql(app, NEIGHBORHOOD, { topic: 'neural network' })).body.data);
  const shared = Object.keys(mtl).filter((key) => key in nn && mtl[key] !== nn[key]);
  expect(shared).toContain('multitask learning');
  expect(mtl['multitask learning']).toBe(0);
  expect(nn['multitask learning']).toBe(1);
  return { mtl, nn };
}

async function wholeList(): Promise<string[]> {
  const { body } = await gql(app, '{ papers(first: 100, orderBy: TITLE) { edges { node { paperId } } } }');
  return body.data.papers.edges.map((e: any) => e.node.paperId);
}

const arxivLike = () => `2999.${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;

const inserted: string[] = [];

async function insert(title: string): Promise<string> {
  const id = arxivLike();
  await ingest(
    db,
    'clients',
    fromRecords([toPaperRecord({ id, title }, { source: 'clients', line: 1, position: 0 })]),
    {
      workers: 0,
    },
  );
  inserted.push(id);
  return id;
}

const writer = () => createApp(db, { logging: false, apiKeys: parseApiKeys(KEY) });
async function remove(id: string) {
  await writer().fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({
      query: 'mutation($id: ID!) { deletePaper(id: $id) { paperId } }',
      variables: { id },
    }),
  });
}

/**
 * Paging through a list while it changes: before the first page a paper is added that sorts inside
 * it; after the first page that paper is deleted and one is added right behind the page's last
 * paper. The merged pages must hold every paper once: the first page as it was, then the rest.
 */
async function pageWhileWriting(fetchPage: (after: string | null) => Promise<any>) {
  const early = await insert('Aardvark baselines');
  let whole: string[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const connection = await fetchPage(after);
    if (pages++ === 0) {
      const firstPage = connection.edges.map((e: any) => e.node);
      expect(firstPage.map((p: any) => p.paperId)).toContain(early);
      const between = await insert(`${firstPage.at(-1).title} revisited`);
      whole = await wholeList();
      expect(whole.indexOf(between)).toBe(firstPage.length);
      await remove(early);
    }
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  expect(pages).toBe(4);
  return whole;
}

afterEach(async () => {
  for (const id of inserted) await remove(id);
  inserted.length = 0;
});

describe('Apollo Client with InMemoryCache', () => {
  it("answers the README's queries as the server does", async () => {
    const expected = await directAnswers();
    const client = apollo(new InMemoryCache());
    for (const [i, query] of README_QUERIES.entries()) {
      const { data } = await client.query({ query: apolloGql(query) });
      expect(withoutTypenames(data)).toEqual(expected[i]);
    }
  });

  it('keeps the depths of two overlapping neighbourhoods apart', async () => {
    const expected = await expectedNeighbourhoods();
    const client = apollo(new InMemoryCache());
    const query = apolloGql(NEIGHBORHOOD);
    const ask = async (topic: string) => (await client.query({ query, variables: { topic } })).data;
    expect(depths(await ask('neural network'))).toEqual(expected.nn);
    expect(depths(await ask('MTL'))).toEqual(expected.mtl);
    const before = requests;
    // from the cache now: the second neighbourhood must not have rewritten the first
    expect(depths(await ask('neural network'))).toEqual(expected.nn);
    expect(depths(await ask('MTL'))).toEqual(expected.mtl);
    expect(requests).toBe(before);
  });

  it('merges the pages of a connection with relayStylePagination while papers come and go', async () => {
    const client = apollo(
      new InMemoryCache({
        typePolicies: { Query: { fields: { papers: relayStylePagination(['orderBy']) } } },
      }),
    );
    const query = apolloGql(PAPERS);
    const whole = await pageWhileWriting(async (after) => {
      const { data }: { data: any } = await client.query<any>({
        query,
        variables: { after },
        fetchPolicy: 'network-only',
      });
      return data.papers;
    });
    const merged = client.readQuery<any>({ query, variables: { after: null } });
    expect(merged?.papers.edges.map((e: any) => e.node.paperId)).toEqual(whole);
  });
});

describe('urql with graphcache', () => {
  it("answers the README's queries as the server does", async () => {
    const expected = await directAnswers();
    const client = urql();
    for (const [i, query] of README_QUERIES.entries()) {
      const result = await client.query(urqlGql(query), {}).toPromise();
      expect(result.error).toBeUndefined();
      expect(withoutTypenames(result.data)).toEqual(expected[i]);
    }
  });

  it('keeps the depths of two overlapping neighbourhoods apart', async () => {
    const expected = await expectedNeighbourhoods();
    const client = urql();
    const query = urqlGql(NEIGHBORHOOD);
    const ask = async (topic: string, requestPolicy: 'network-only' | 'cache-only') => {
      const result = await client.query(query, { topic }, { requestPolicy }).toPromise();
      expect(result.error).toBeUndefined();
      return result.data;
    };
    expect(depths(await ask('neural network', 'network-only'))).toEqual(expected.nn);
    expect(depths(await ask('MTL', 'network-only'))).toEqual(expected.mtl);
    const before = requests;
    expect(depths(await ask('neural network', 'cache-only'))).toEqual(expected.nn);
    expect(depths(await ask('MTL', 'cache-only'))).toEqual(expected.mtl);
    expect(requests).toBe(before);
  });

  it('merges the pages of a connection with relayPagination while papers come and go', async () => {
    const client = urql({ Query: { papers: relayPagination() } });
    const query = urqlGql(PAPERS);
    const whole = await pageWhileWriting(async (after) => {
      const result = await client.query(query, { after }, { requestPolicy: 'network-only' }).toPromise();
      expect(result.error).toBeUndefined();
      return result.data.papers;
    });
    const merged = await client.query(query, { after: null }, { requestPolicy: 'cache-only' }).toPromise();
    expect(merged.data.papers.edges.map((e: any) => e.node.paperId)).toEqual(whole);
  });
});
