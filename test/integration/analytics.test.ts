import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/files.ts';
import { exportTopicGraph } from '../../src/analytics/export.ts';
import { Graph, gexf } from '../../src/analytics/graphology.ts';
import { type AnalyticsSummary, runAnalytics } from '../../src/analytics/run.ts';
import { type App, createApp } from '../../src/app.ts';
import { writeCommunities } from '../../src/db/analytics-repo.ts';
import type { Database } from '../../src/db/driver.ts';
import { toNumber } from '../../src/db/values.ts';
import { openTestDatabase, resetGraph, testEnv } from '../support/db.ts';
import { gql } from '../support/graphql.ts';

let db: Database;
let app: App;
let summary: AnalyticsSummary;

beforeAll(async () => {
  db = await openTestDatabase();
  await resetGraph(db);
  await ingestFile(db, 'seeds/trending-papers.txt', { workers: 0 });
  summary = await runAnalytics(db, { betweennessSamples: 10_000 });
  app = createApp(db, { logging: false });
});
afterAll(async () => {
  await db?.close();
});

async function rows(cypher: string, params: Record<string, unknown> = {}) {
  const { records } = await db.driver.executeQuery(cypher, params, { database: db.database });
  return records.map((r) => r.toObject());
}

describe('graph analytics', () => {
  it('writes PageRank, community, betweenness and degree to every topic in two or more papers', async () => {
    const [stats] = await rows(
      `MATCH (t:Topic) WHERE t.paperCount >= 2
       RETURN count(t) AS n, count(t.pagerank) AS ranked, sum(t.pagerank) AS total, max(t.betweenness) AS maxB,
              min(t.betweenness) AS minB, count(DISTINCT t.community) AS communities, count(t.analyticsAt) AS stamped`,
    );
    expect(toNumber(stats?.ranked)).toBe(toNumber(stats?.n));
    expect(toNumber(stats?.n)).toBe(summary.topics.nodes);
    expect(stats?.total as number).toBeCloseTo(1, 3);
    expect(toNumber(stats?.communities)).toBe(summary.topics.communities);
    expect(stats?.maxB as number).toBeLessThanOrEqual(1);
    expect(stats?.minB as number).toBeGreaterThanOrEqual(0);
    const [degree] = await rows(
      'MATCH (t:Topic {key: "neural network"}) RETURN t.degree AS d, COUNT { (t)-[c:CO_OCCURS]-() WHERE c.pmi > 0 } AS actual',
    );
    expect(toNumber(degree?.d)).toBe(toNumber(degree?.actual));
  });

  it('labels each community by its most central topics, and the API sorts and filters by them', async () => {
    const { body } = await gql(
      app,
      '{ communities(first: 3) { totalCount edges { node { id size label topTopics { key pagerank community } } } } }',
    );
    const list = body.data.communities;
    expect(list.totalCount).toBe(summary.topics.communities);
    const largest = list.edges[0].node;
    expect(largest.id).toBe(0);
    const ranks = largest.topTopics.map((t: any) => t.pagerank);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    for (const t of largest.topTopics) expect(t.community).toBe(0);
    // up to three names, each used in two or more papers with every other: a community is not named by
    // unrelated topics
    const names: string[] = largest.label.split(' · ');
    expect(names.length).toBeGreaterThanOrEqual(2);
    expect(names.length).toBeLessThanOrEqual(3);
    expect(new Set(names).size).toBe(names.length);
    const [pairs] = await rows(
      `UNWIND $names AS a UNWIND $names AS b WITH a, b WHERE a < b
       RETURN count(*) AS pairs,
              count(CASE WHEN COUNT { (:Topic {name: a})<-[:MENTIONS]-(:Paper)-[:MENTIONS]->(:Topic {name: b}) } >= 2
                    THEN 1 END) AS together`,
      { names },
    );
    expect(toNumber(pairs?.together)).toBe(toNumber(pairs?.pairs));
    const members = await gql(
      app,
      '{ topics(first: 100, where: {community: 0}) { totalCount edges { node { community } } } }',
    );
    expect(members.body.data.topics.totalCount).toBe(largest.size);
    const ranked = await gql(
      app,
      '{ topics(first: 10, orderBy: PAGERANK) { edges { node { key pagerank } } } }',
    );
    const values = ranked.body.data.topics.edges.map((e: any) => e.node.pagerank);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    expect(values[0]).toBeGreaterThan(0);
  });

  it('ranks papers of the similarity graph too', async () => {
    const [stats] = await rows(
      'MATCH (p:Paper) WHERE EXISTS { (p)-[:SIMILAR_TO]-() } RETURN count(p) AS n, count(p.pagerank) AS ranked',
    );
    expect(toNumber(stats?.ranked)).toBe(toNumber(stats?.n));
    expect(toNumber(stats?.n)).toBe(summary.papers.nodes);
  });
  it('keeps the previous communities when their rewrite fails part way, and replaces them when it succeeds', async () => {
    const communities = async () =>
      (
        await rows(
          'MATCH (c:Community) RETURN c.id AS id, c.size AS size, c.label AS label, c.top AS top ORDER BY id',
        )
      ).map((c) => ({ ...c, id: toNumber(c.id), size: toNumber(c.size) }));
    const before = await communities();
    expect(summary.topics.communities).toBeGreaterThan(1);
    expect(before).toHaveLength(summary.topics.communities);
    const fine = { id: 0, size: 1, label: 'replacement', top: ['replacement'] };
    // Neo4j refuses to store a list of mixed types, so this rewrite fails once it has begun
    const unstorable = { id: 1, size: 1, label: 'unstorable', top: ['a', 1] as unknown as string[] };
    const at = new Date().toISOString();
    await expect(writeCommunities(db, [fine, unstorable], at)).rejects.toThrow();
    expect(await communities()).toEqual(before);
    await writeCommunities(db, [fine], at);
    expect(await communities()).toEqual([fine]);
  });
});

describe('export', () => {
  it('writes GEXF, GraphML and JSON that read back to the same graph', async () => {
    const json = JSON.parse(await exportTopicGraph(db, 'json', 2));
    const fromJson = new Graph();
    fromJson.import(json);
    expect(fromJson.order).toBeGreaterThan(5);
    for (const node of fromJson.nodes())
      expect(fromJson.getNodeAttribute(node, 'paperCount')).toBeGreaterThanOrEqual(2);
    const fromGexf = gexf.parse(Graph, await exportTopicGraph(db, 'gexf', 2));
    expect(fromGexf.order).toBe(fromJson.order);
    expect(fromGexf.size).toBe(fromJson.size);
    const graphml = await exportTopicGraph(db, 'graphml', 2);
    expect(graphml.match(/<node /g)).toHaveLength(fromJson.order);
    expect(graphml.match(/<edge /g)).toHaveLength(fromJson.size);
    expect(graphml).toContain('<key id="pagerank" for="node" attr.name="pagerank" attr.type="double"/>');
  });

  const cli = (script: string, ...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { env: testEnv(), encoding: 'utf8' });

  it.each([
    [['--out', '/no/such/dir/x.gexf'], 'error: /no/such/dir/x.gexf: cannot write it: no folder /no/such/dir'],
    [['--out', tmpdir()], `error: ${tmpdir()}: cannot write it: is a folder`],
  ])('refuses to export to %j with one line and exit 1', (args, message) => {
    const result = cli('src/analytics/export-cli.ts', '--format', 'gexf', ...args);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(message);
  });

  it('refuses a --samples that is not a number with one line and exit 1', () => {
    const result = cli('src/analytics/cli.ts', '--samples', 'abc');
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      "error: option '--samples <n>' argument 'abc' is invalid. must be an integer from 1 to 100000",
    );
  });

  it('refuses an unknown format with one line and a non-zero exit', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/analytics/export-cli.ts', '--format', 'dot'],
      {
        env: testEnv(),
        encoding: 'utf8',
      },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('gexf, graphml, json');
  });
  it('writes GEXF 1.2 namespaces, and no PageRank or community for topics added since the analytics', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'export-'));
    const late = path.join(dir, 'late.jsonl');
    writeFileSync(
      late,
      `${JSON.stringify({
        id: '2999.54321',
        title: 'Zorbulent flux capacitors',
        abstract:
          'Zorbulent flux capacitors couple to quibbling vortex lattices. Quibbling vortex lattices are stable.',
      })}\n`,
    );
    await ingestFile(db, late, { workers: 0 });
    const [fresh] = await rows(
      "MATCH (:Paper {id: '2999.54321'})-[:MENTIONS]->(t:Topic) WHERE EXISTS { (t)-[:CO_OCCURS]-() } RETURN t.key AS key LIMIT 1",
    );
    const key = fresh?.key as string;
    expect(key).toBeDefined();
    const [ranked] = await rows(
      'MATCH (t:Topic) WHERE t.pagerank IS NOT NULL AND EXISTS { (t)-[:CO_OCCURS]-() } RETURN t.key AS key LIMIT 1',
    );
    const old = ranked?.key as string;

    const out = path.join(dir, 'topics.gexf');
    const written = cli('src/analytics/export-cli.ts', '--format', 'gexf', '--min-papers', '1', '--out', out);
    expect(written.status).toBe(0);
    const text = readFileSync(out, 'utf8');
    const root = /<gexf [^>]*>/.exec(text)?.[0] ?? '';
    expect(root).toContain('xmlns="http://www.gexf.net/1.2draft"');
    expect(root).toContain('xmlns:viz="http://www.gexf.net/1.2draft/viz"');
    expect(root).toContain('version="1.2"');
    const graph = gexf.parse(Graph, text);
    expect(graph.hasNode(key)).toBe(true);
    expect(graph.getNodeAttributes(key)).not.toHaveProperty('pagerank');
    expect(graph.getNodeAttributes(key)).not.toHaveProperty('community');
    expect(typeof graph.getNodeAttribute(old, 'pagerank')).toBe('number');
    expect(typeof graph.getNodeAttribute(old, 'community')).toBe('number');

    const json = new Graph();
    json.import(JSON.parse(await exportTopicGraph(db, 'json', 1)));
    expect(json.getNodeAttributes(key)).not.toHaveProperty('pagerank');
    expect(json.getNodeAttributes(key)).not.toHaveProperty('community');
    expect(typeof json.getNodeAttribute(old, 'pagerank')).toBe('number');
    const graphml = await exportTopicGraph(db, 'graphml', 1);
    const node = (k: string) => graphml.split('\n').find((l) => l.includes(`<node id="${k}">`)) ?? '';
    expect(node(key)).toContain('<data key="paperCount">1</data>');
    expect(node(key)).not.toContain('key="pagerank"');
    expect(node(key)).not.toContain('key="community"');
    expect(node(old)).toMatch(/<data key="pagerank">\d[\d.e-]*<\/data>/);
  });
});
