import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRecords, ingest } from '../../ingest/index.ts';
import { type App, createApp } from '../../src/app.ts';
import type { Database } from '../../src/db/driver.ts';
import { signedRootG2 } from '../../src/db/trending-repo.ts';
import { toNumber } from '../../src/db/values.ts';
import type { PaperRecord } from '../../src/domain/record.ts';
import { openTestDatabase, resetGraph } from '../support/db.ts';
import { gql } from '../support/graphql.ts';

let db: Database;
let app: App;

// Varied sentences around each concept, so that papers are not copies of one another.
const SETTINGS = [
  'image synthesis',
  'speech recognition',
  'protein design',
  'robot control',
  'code generation',
];
const STUDIES: Record<string, (i: number) => string> = {
  'diffusion models': (i) =>
    `We train diffusion models for ${SETTINGS[i % 5]}. Our diffusion models reach a new state of the art on ${3 + i} benchmarks.`,
  'graph neural networks': (i) =>
    `We study graph neural networks for ${SETTINGS[i % 5]}. Graph neural networks propagate messages over ${2 + i} hops.`,
  'kernel methods': (i) =>
    `We revisit kernel methods for ${SETTINGS[i % 5]}. Kernel methods with ${4 + i} random features match deep baselines.`,
};

let n = 0;
function paper(concept: string, published: string): PaperRecord {
  const i = n++;
  return {
    id: `trend-${i}`,
    title: `${concept[0]?.toUpperCase()}${concept.slice(1)} for ${SETTINGS[i % 5]}, study ${i}`,
    abstract: STUDIES[concept]?.(i) ?? '',
    published,
    updated: null,
    authors: [`Author ${i % 7}`],
    categories: ['cs.LG'],
    url: null,
    doi: null,
    source: 'trending-test',
    line: i + 1,
    position: i,
  };
}

const repeat = (k: number, make: (j: number) => PaperRecord) => Array.from({ length: k }, (_, j) => make(j));

// 2019–2021: graph neural networks and kernel methods; 2022: mostly diffusion models.
const EARLY = [
  ...repeat(18, (j) => paper('graph neural networks', `${2019 + (j % 3)}-0${1 + (j % 9)}-15`)),
  ...repeat(10, (j) => paper('kernel methods', `${2019 + (j % 3)}-0${1 + (j % 9)}-10`)),
  paper('diffusion models', '2021-06-01'),
];
const RECENT = [
  ...repeat(14, (j) => paper('diffusion models', `2022-${String(1 + (j % 12)).padStart(2, '0')}-05`)),
  ...repeat(3, (j) => paper('graph neural networks', `2022-0${2 + j}-20`)),
];

const TRENDING = `query($from: String!, $to: String, $direction: TrendDirection, $first: Int, $after: String) {
  trendingTopics(from: $from, to: $to, direction: $direction, first: $first, after: $after) {
    totalCount
    window { from to recentPapers earlierPapers }
    pageInfo { hasNextPage endCursor }
    edges { score pValue recentPapers earlierPapers ratio node { key name paperCount trend { year papers share } } }
  }
}`;

async function trending(variables: Record<string, unknown>) {
  const { body } = await gql(app, TRENDING, variables);
  expect(body.errors).toBeUndefined();
  return (body.data as any).trendingTopics;
}

async function count(cypher: string, params: Record<string, unknown> = {}): Promise<number> {
  const { records } = await db.driver.executeQuery(cypher, params, { database: db.database });
  return toNumber(records[0]?.get(0));
}

beforeAll(async () => {
  db = await openTestDatabase();
  await resetGraph(db);
  await ingest(db, 'trending-test', fromRecords([...EARLY, ...RECENT]), { workers: 0 });
  app = createApp(db, { logging: false });
});

afterAll(async () => {
  await db?.close();
});

describe('trendingTopics', () => {
  it('ranks the topic that took over the window first, with the counts it is judged on', async () => {
    const result = await trending({ from: '2022' });
    expect(result.window).toEqual({ from: '2022-01-01', to: null, recentPapers: 17, earlierPapers: 29 });
    const [top] = result.edges;
    expect(top.node.key).toBe('diffusion model');
    expect(top.recentPapers).toBe(14);
    expect(top.earlierPapers).toBe(1);
    // the same counts straight from the papers
    expect(top.recentPapers).toBe(
      await count(
        "MATCH (:Topic {key: 'diffusion model'})<-[:MENTIONS]-(p:Paper) WHERE p.published >= date('2022-01-01') RETURN count(p)",
      ),
    );
    expect(top.node.trend.map((p: any) => [p.year, p.papers])).toEqual([
      [2021, 1],
      [2022, 14],
    ]);
    expect(top.score).toBeCloseTo(signedRootG2(14, 1, 17, 29), 9);
    expect(top.pValue).toBeLessThan(1e-4);
    expect(top.ratio).toBeCloseTo(14.5 / 17.5 / (1.5 / 29.5), 5);
    const scores = result.edges.map((e: any) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(result.edges.every((e: any) => e.score > 0 && e.recentPapers >= 3)).toBe(true);
    // graph neural networks fell from 18 of 29 to 3 of 17: it is not rising
    expect(result.edges.map((e: any) => e.node.key)).not.toContain('graph neural network');
  });

  it('lists the falling topics with DECLINING, and never a topic below the minimum support', async () => {
    const result = await trending({ from: '2022', direction: 'DECLINING' });
    const keys = result.edges.map((e: any) => e.node.key);
    expect(keys.slice(0, 2).sort()).toEqual(['graph neural network', 'kernel method']);
    const gnn = result.edges.find((e: any) => e.node.key === 'graph neural network');
    expect([gnn.recentPapers, gnn.earlierPapers]).toEqual([3, 18]);
    // the score keeps its sign: the share fell
    expect(gnn.score).toBeCloseTo(signedRootG2(3, 18, 17, 29), 9);
    const scores = result.edges.map((e: any) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(result.edges.every((e: any) => e.earlierPapers >= 3 && e.score < 0)).toBe(true);
    const strict = await gql(
      app,
      '{ trendingTopics(from: "2022", minPapers: 15) { edges { node { key } } } }',
    );
    expect((strict.body.data as any).trendingTopics.edges).toEqual([]);
  });

  it('answers a window of days the same as the whole months it covers', async () => {
    const months = await trending({ from: '2022-01', to: '2022-12', first: 50 });
    const days = await trending({ from: '2021-12-20', to: '2022-12-31', first: 50 });
    expect(days.edges.map((e: any) => [e.node.key, e.recentPapers, e.earlierPapers])).toEqual(
      months.edges.map((e: any) => [e.node.key, e.recentPapers, e.earlierPapers]),
    );
    const declining = await trending({ from: '2021-12-20', to: '2022-12-31', direction: 'DECLINING' });
    expect(declining.edges[0].recentPapers).toBe(
      (await trending({ from: '2022', to: '2022', direction: 'DECLINING' })).edges[0].recentPapers,
    );
  });

  it('pages through the ranking with cursors', async () => {
    const all = await trending({ from: '2022', first: 50 });
    const first = await trending({ from: '2022', first: 1 });
    expect(first.pageInfo.hasNextPage).toBe(all.totalCount > 1);
    const rest = await trending({ from: '2022', first: 50, after: first.pageInfo.endCursor });
    expect([...first.edges, ...rest.edges].map((e: any) => e.node.key)).toEqual(
      all.edges.map((e: any) => e.node.key),
    );
  });

  it('finds nothing to compare when no paper came before the window', async () => {
    const result = await trending({ from: '2000' });
    expect(result.edges).toEqual([]);
    expect(result.window.earlierPapers).toBe(0);
  });

  it('refuses dates it cannot read and windows that end before they start, naming the argument', async () => {
    for (const [args, argumentName, text] of [
      ['from: "2024-13"', 'from', 'no month 13'],
      ['from: "last year"', 'from', 'not YYYY, YYYY-MM or YYYY-MM-DD'],
      ['from: "2023-02-30"', 'from', 'has no day 30'],
      ['from: "2024", to: "2023"', 'to', 'is before `from`'],
      ['from: "2024", minPapers: 1', 'minPapers', 'one paper is no trend'],
    ] as const) {
      const { body } = await gql(app, `{ trendingTopics(${args}) { edges { score } } }`);
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
      expect(body.errors?.[0]?.message).toContain(text);
    }
  });

  it('follows new papers: ingest keeps the timelines trending reads', async () => {
    const before = await trending({ from: '2022', direction: 'DECLINING', first: 50 });
    const kernel = before.edges.find((e: any) => e.node.key === 'kernel method');
    expect(kernel.recentPapers).toBe(0);
    await ingest(
      db,
      'trending-test',
      fromRecords(repeat(2, (j) => paper('kernel methods', `2022-1${j}-01`))),
      { workers: 0 },
    );
    const after = await trending({ from: '2022', direction: 'DECLINING', first: 50 });
    expect(after.edges.find((e: any) => e.node.key === 'kernel method').recentPapers).toBe(2);
    expect(after.window.recentPapers).toBe(19);
  });
});

describe('trendingPapers and shares', () => {
  it('ranks the window’s papers by the rising topics they are about, with the reasons', async () => {
    const { body } = await gql(
      app,
      `{ trendingPapers(from: "2022", first: 5) {
          totalCount
          edges { score reasons { score centrality topic { key } } node { paperId title published } }
        } }`,
    );
    expect(body.errors).toBeUndefined();
    const { edges, totalCount } = (body.data as any).trendingPapers;
    expect(totalCount).toBeGreaterThanOrEqual(14);
    const top = await trending({ from: '2022', first: 1 });
    for (const edge of edges) {
      expect(edge.node.published >= '2022-01-01').toBe(true);
      expect(edge.reasons[0].topic.key).toBe('diffusion model');
      expect(edge.reasons[0].score).toBeCloseTo(top.edges[0].score, 6);
      const sum = edge.reasons.reduce((s: number, r: any) => s + r.score * r.centrality, 0);
      expect(edge.score).toBeGreaterThanOrEqual(sum - 1e-9);
    }
    const scores = edges.map((e: any) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('gives each year of a topic’s trend its share of all papers of that year', async () => {
    const { body } = await gql(
      app,
      '{ topic(name: "diffusion models") { trend { year papers corpusPapers share } } }',
    );
    const trend = (body.data as any).topic.trend;
    const y2022 = trend.find((p: any) => p.year === 2022);
    expect(y2022.corpusPapers).toBe(await count('MATCH (p:Paper) WHERE p.year = 2022 RETURN count(p)'));
    expect(y2022.papers).toBe(14);
    expect(y2022.share).toBeCloseTo(14 / y2022.corpusPapers, 9);
  });
});
