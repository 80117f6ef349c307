import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import type { Database } from '../../src/db/driver.ts';
import { parseApiKeys } from '../../src/graphql/auth.ts';
import { openTestDatabase, resetGraph, uniqueId } from '../support/db.ts';

const KEY = 'test-key-conventions';
let db: Database;
let app: App;

beforeAll(async () => {
  db = await openTestDatabase();
  await resetGraph(db);
  app = createApp(db, { logging: false, apiKeys: parseApiKeys(KEY) });
});
afterAll(async () => {
  await db?.close();
});

async function call(query: string, variables?: Record<string, unknown>) {
  const response = await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as any;
  expect(body.errors).toBeUndefined();
  return body.data;
}

/** Letters only, so that it stays one word in titles, names and topics. */
const word = () =>
  uniqueId('w')
    .slice(2)
    .replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)] as string)
    .replace(/-/g, '');
const arxivLike = () => `2999.${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;

interface Input {
  id?: string;
  title: string;
  abstract?: string;
  published?: string;
  authors?: string[];
  doi?: string;
}

const ingest = async (papers: Input[]) =>
  call('mutation($p: [PaperInput!]!) { ingestPapers(papers: $p) { written } }', { p: papers });
const remove = async (id: string) => call('mutation($id: ID!) { deletePaper(id: $id) { paperId } }', { id });

describe('keyset cursors', () => {
  const PAGE = `query($author: String!, $after: String) {
    papers(where: {author: $author}, orderBy: TITLE, first: 3, after: $after) {
      pageInfo { hasNextPage endCursor } edges { node { title } } } }`;

  async function byTitle(author: string, after?: string) {
    const { papers } = await call(PAGE, { author, after });
    return { titles: papers.edges.map((e: any) => e.node.title) as string[], end: papers.pageInfo.endCursor };
  }

  it('pages by title without repeating a paper inserted into the first page, or skipping one inserted between', async () => {
    const tag = word();
    const author = `Ada ${tag}`;
    const title = (letter: string) => `${letter} study of ${tag}`;
    const paper = (letter: string): Input => ({ title: title(letter), authors: [author] });
    await ingest(['A', 'C', 'E', 'G', 'I', 'K'].map(paper));
    const first = await byTitle(author);
    expect(first.titles).toEqual(['A', 'C', 'E'].map(title));
    await ingest([paper('B'), paper('F')]);
    const second = await byTitle(author, first.end);
    // by offset, the second page would start with E again
    expect(second.titles).toEqual(['F', 'G', 'I'].map(title));
  });

  it('pages by title without skipping a paper when one of the first page is deleted', async () => {
    const tag = word();
    const author = `Ada ${tag}`;
    const title = (letter: string) => `${letter} study of ${tag}`;
    const letters = ['A', 'B', 'C', 'D', 'E', 'F'];
    const ids = letters.map(() => arxivLike());
    await ingest(ids.map((id, i) => ({ id, title: title(letters[i] as string), authors: [author] })));
    const first = await byTitle(author);
    expect(first.titles).toEqual(['A', 'B', 'C'].map(title));
    await remove(ids[0] as string);
    const second = await byTitle(author, first.end);
    // by offset, D would be skipped
    expect(second.titles).toEqual(['D', 'E', 'F'].map(title));
    // a cursor of a deleted paper still says where it was
    const afterDeleted = await byTitle(author, first.end);
    expect(afterDeleted.titles).toEqual(second.titles);
  });

  it('pages newest first through undated papers, forwards and backwards', async () => {
    const author = `Ada ${word()}`;
    const dated = ['2024-01-01', '2023-01-01', '2022-01-01', '2021-01-01'];
    await ingest([
      ...dated.map((published, i) => ({ title: `Dated ${i} ${author}`, published, authors: [author] })),
      { title: `Undated one ${author}`, authors: [author] },
      { title: `Undated two ${author}`, authors: [author] },
    ]);
    const query = `query($author: String!, $after: String, $before: String, $first: Int, $last: Int) {
      papers(where: {author: $author}, orderBy: NEWEST, first: $first, after: $after, last: $last, before: $before) {
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { published } } } }`;
    const all = await call(query, { author, first: 10 });
    expect(all.papers.edges.map((e: any) => e.node.published)).toEqual([...dated, null, null]);
    const seen: (string | null)[] = [];
    let after: string | null = null;
    for (;;) {
      const { papers } = await call(query, { author, first: 2, after });
      seen.push(...papers.edges.map((e: any) => e.node.published));
      if (!papers.pageInfo.hasNextPage) break;
      after = papers.pageInfo.endCursor;
    }
    expect(seen).toEqual([...dated, null, null]);
    const last = await call(query, { author, last: 3 });
    expect(last.papers.edges.map((e: any) => e.node.published)).toEqual(['2021-01-01', null, null]);
    expect(last.papers.pageInfo.hasPreviousPage).toBe(true);
    const before = await call(query, { author, last: 3, before: last.papers.pageInfo.startCursor });
    expect(before.papers.edges.map((e: any) => e.node.published)).toEqual(dated.slice(0, 3));
    expect(before.papers.pageInfo.hasPreviousPage).toBe(false);
  });

  it("pages a topic's papers, planned with the topic and batched under nodes, past inserts", async () => {
    const tag = word();
    const paper = (published: string): Input => ({
      title: `Dated ${published} ${tag}`,
      abstract: `We study ${tag} widget lattices and their gauge anomalies. ${tag} widget lattices admit a duality.`,
      published,
    });
    await ingest(['2024-01-01', '2023-01-01', '2022-01-01', '2021-01-01', '2020-01-01'].map(paper));
    const { topic } = await call('query($t: String!) { topic(name: $t) { id key paperCount } }', {
      t: `${tag} widget lattices`,
    });
    expect(topic.paperCount).toBe(5);
    const papers = `papers(orderBy: PUBLISHED, first: 3, after: $after) {
      pageInfo { endCursor } edges { node { published } } }`;
    const viaTopic = `query($t: String!, $after: String) { topic(name: $t) { ${papers} } }`;
    const viaNodes = `query($ids: [ID!]!, $after: String) { nodes(ids: $ids) { ... on Topic { ${papers} } } }`;
    const dates = (list: any) => list.edges.map((e: any) => e.node.published);
    const first = (await call(viaTopic, { t: topic.key })).topic.papers;
    expect(dates(first)).toEqual(['2024-01-01', '2023-01-01', '2022-01-01']);
    await ingest([paper('2023-06-01'), paper('2021-06-01')]);
    const next = ['2021-06-01', '2021-01-01', '2020-01-01'];
    const planned = (await call(viaTopic, { t: topic.key, after: first.pageInfo.endCursor })).topic.papers;
    expect(dates(planned)).toEqual(next);
    const batched = await call(viaNodes, { ids: [topic.id], after: first.pageInfo.endCursor });
    expect(dates(batched.nodes[0].papers)).toEqual(next);
  });

  it('refuses a cursor of another list or order with a typed error', async () => {
    const { papers } = await call('{ papers(first: 1, orderBy: TITLE) { pageInfo { endCursor } } }');
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'query($a: String) { papers(first: 1, orderBy: NEWEST, after: $a) { totalCount } }',
        variables: { a: papers.pageInfo.endCursor },
      }),
    });
    const body = (await response.json()) as any;
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
  });
});

describe('paper ids as people write them', () => {
  it('finds a paper by every form of its arXiv id and of its DOI, and a DOI-only paper by its DOI', async () => {
    const arxiv = arxivLike();
    const tag = word().toUpperCase();
    const doi = `10.5555/${tag}.123`;
    const doiOnly = `10.5555/${tag}.ONLY`;
    await ingest([
      { id: `${arxiv}v2`, title: `Arxiv paper ${tag}`, doi: `https://doi.org/${doi}` },
      { title: `DOI-only paper ${tag}`, doi: doiOnly },
    ]);
    const find = async (id: string) =>
      (await call('query($id: ID!) { paper(id: $id) { paperId doi } }', { id })).paper;
    const forms = [
      arxiv,
      `${arxiv}v3`,
      `arXiv:${arxiv}`,
      `https://arxiv.org/abs/${arxiv}`,
      `https://arxiv.org/abs/${arxiv}v2`,
      `https://arxiv.org/pdf/${arxiv}`,
      `https://arxiv.org/pdf/${arxiv}v2.pdf`,
      doi,
      doi.toLowerCase(),
      `doi:${doi}`,
      `https://doi.org/${doi}`,
      encodeGlobalID('Paper', arxiv),
    ];
    for (const form of forms) {
      expect(await find(form), form).toEqual({ paperId: arxiv, doi: doi.toLowerCase() });
    }
    const own = `doi:${doiOnly.toLowerCase()}`;
    for (const form of [
      doiOnly,
      `doi:${doiOnly}`,
      `DOI:${doiOnly.toLowerCase()}`,
      `https://doi.org/${doiOnly}`,
      own,
    ]) {
      expect(await find(form), form).toEqual({ paperId: own, doi: doiOnly.toLowerCase() });
    }
    expect(await find(`10.5555/${tag}.404`)).toBeNull();
  });
});

describe('aliases of a nested list', () => {
  it('loads each alias of a batched related list with its own selection', async () => {
    const tag = word();
    const abstract = `We study ${tag} zorbic sheaves. Every ${tag} zorbic sheaf admits ${tag} braid moves.`;
    const ids = [arxivLike(), arxivLike()];
    await ingest(ids.map((id, i) => ({ id, title: `Paper ${i} on ${tag}`, abstract })));
    const selection = `bare: related(first: 5) { edges { node { paperId } } }
      why: related(first: 5) { edges { node { paperId } sharedTopics { topic { key } } } }`;
    const planned = await call(`query($id: ID!) { paper(id: $id) { ${selection} } }`, { id: ids[0] });
    const batched = await call(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Paper { ${selection} } } }`, {
      ids: [encodeGlobalID('Paper', ids[0] as string)],
    });
    const [paper] = batched.nodes;
    expect(paper.bare.edges).toEqual([{ node: { paperId: ids[1] } }]);
    expect(paper.why.edges).toHaveLength(1);
    expect(paper.why.edges[0].sharedTopics.map((s: any) => s.topic.key)).toContain(`${tag} zorbic sheaf`);
    expect(paper).toEqual(planned.paper);
  });
});
