import type { Driver } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { Database } from '../../src/db/driver.ts';
import { gql } from '../support/graphql.ts';

/**
 * The statements the planner compiles for nested selections, aliases, fragments and directives, checked as
 * text against files under `golden/` (a changed statement shows as a diff in review). No database: a driver
 * that records what it is asked and answers with no rows.
 */
interface Recorded {
  cypher: string;
  params: Record<string, unknown>;
}

function recordingDatabase(): { db: Database; statements: Recorded[] } {
  const statements: Recorded[] = [];
  const driver = {
    executeQuery: async (
      cypher: string,
      params: Record<string, unknown>,
      config?: { resultTransformer?: unknown },
    ) => {
      statements.push({ cypher, params });
      return config?.resultTransformer ? [] : { records: [], keys: [], summary: {} };
    },
  } as unknown as Driver;
  return { db: { driver, database: 'neo4j', target: 'bolt://golden', close: async () => {} }, statements };
}

/** neo4j Integers and other driver values as plain JSON, so the parameters read as the user wrote them. */
function plain(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v) =>
      v && typeof v === 'object' && 'low' in v && 'high' in v ? Number(v.low) + Number(v.high) * 2 ** 32 : v,
    ),
  );
}

async function compiled(query: string, variables?: Record<string, unknown>): Promise<string> {
  const { db, statements } = recordingDatabase();
  const app = createApp(db, { logging: false });
  const { body } = await gql(app, query, variables);
  expect(body.errors?.map((e) => e.message) ?? []).toEqual([]);
  expect(statements.length).toBeGreaterThan(0);
  return statements
    .map((s) => `${s.cypher.trim()}\n\n// params\n${JSON.stringify(plain(s.params), null, 2)}\n`)
    .join('\n// ---- next statement\n\n');
}

const CASES: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  'topic-nested-papers-topics': {
    query: `{ topic(name: "graph neural networks") { name paperCount
      papers(first: 5) { totalCount edges { score node { title topics(first: 3) { edges { node { name } } } } } } } }`,
  },
  'topic-aliases': {
    query: `{ topic(name: "SSL") { name
      newest: papers(first: 2, orderBy: PUBLISHED) { edges { node { title } } }
      best: papers(first: 4) { pageInfo { hasNextPage endCursor } edges { node { paperId } } } } }`,
  },
  'topic-fragments': {
    query: `query { topic(name: "transformers") { ...Basics ... on Topic { broader(first: 2) { edges { node { name } } } } } }
      fragment Basics on Topic { name paperCount narrower(first: 3) { edges { node { ...Name } } } }
      fragment Name on Topic { name }`,
  },
  'topic-directives': {
    query: `query($withPapers: Boolean!, $noTrend: Boolean!) { topic(name: "diffusion models") { name
      papers(first: 3) @include(if: $withPapers) { edges { node { title } } }
      trend @skip(if: $noTrend) { year papers } } }`,
    variables: { withPapers: true, noTrend: true },
  },
  'paper-related-shared-topics': {
    query: `{ paper(id: "2401.00001") { title
      topics(first: 4) { edges { score node { name } } }
      related(first: 3) { totalCount edges { score node { title } sharedTopics { weight topic { name } } } } } }`,
  },
  'topics-page-nested': {
    query: `{ topics(first: 10, orderBy: PAGERANK) { totalCount pageInfo { hasNextPage }
      edges { cursor node { name related(first: 2) { edges { node { name } } } } } } }`,
  },
  'topic-trend': {
    query: '{ topic(name: "diffusion models") { name trend { year papers share } } }',
  },
  'trending-topics-months': {
    query: `{ trendingTopics(from: "2024", first: 10) { window { recentPapers }
      edges { score recentPapers node { name trend { year share } } } } }`,
  },
  'trending-topics-declining-days': {
    query:
      '{ trendingTopics(from: "2024-03-15", to: "2024-04-02", direction: DECLINING) { edges { score node { name } } } }',
  },
  'trending-papers': {
    query: `{ trendingPapers(from: "2024-06", to: "2024-06", first: 5) { totalCount
      edges { score reasons { score topic { name } } node { title } } } }`,
  },
  'papers-page': {
    query:
      '{ papers(first: 5) { edges { node { title topics(first: 5) { edges { score node { name paperCount } } } } } } }',
  },
};

describe('the Cypher the planner compiles', () => {
  for (const [name, { query, variables }] of Object.entries(CASES)) {
    it(name, async () => {
      await expect(await compiled(query, variables)).toMatchFileSnapshot(`golden/${name}.cypher`);
    });
  }
});
