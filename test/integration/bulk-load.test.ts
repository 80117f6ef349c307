import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractShard } from '../../ingest/extract-shard.ts';
import { loadExtracted } from '../../ingest/load.ts';
import { fromRecords, ingest } from '../../ingest/pipeline.ts';
import { readManifest } from '../../ingest/shards.ts';
import { openSource } from '../../ingest/sources/index.ts';
import { runAnalytics } from '../../src/analytics/run.ts';
import { type App, createApp } from '../../src/app.ts';
import { type Config, loadConfig, PROJECT_ROOT } from '../../src/config.ts';
import { openDatabase } from '../../src/db/connection.ts';
import type { Database } from '../../src/db/driver.ts';
import type { PaperRecord } from '../../src/domain/record.ts';
import { stopLocalNeo4j } from '../../src/local-neo4j/launcher.ts';
import { close, listen } from '../../src/server.ts';
import { launchChromium } from '../support/browser.ts';
import { ARXIV_2000, ML_SAMPLE } from '../support/corpus.ts';
import { openTestDatabase, resetGraph } from '../support/db.ts';
import { gql } from '../support/graphql.ts';

// neo4j-admin imports into a stopped server: this file runs a local Neo4j of its own, whatever server the
// other integration files use
const HOME = path.join(PROJECT_ROOT, '.data/neo4j-bulk-test');
const config: Config = loadConfig({
  ...process.env,
  NEO4J_URI: '',
  NEO4J_LOCAL_HOME: HOME,
  NEO4J_LOCAL_PORT: process.env.BULK_TEST_PORT ?? '7698',
});
const LONG = 900_000;

let out: string;
let db: Database | undefined;

async function emptyStore(): Promise<void> {
  await db?.close();
  db = undefined;
  await stopLocalNeo4j({ home: HOME });
  for (const dir of ['data/databases/neo4j', 'data/transactions/neo4j']) {
    await rm(path.join(HOME, dir), { recursive: true, force: true });
  }
}

async function open(): Promise<Database> {
  db ??= await openDatabase(config, () => {});
  return db;
}

/** Plain values: integers as numbers, dates as text, lists and maps (keys sorted) all the way down. */
function plain(value: unknown): unknown {
  if (neo4j.isInt(value)) return value.toNumber();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    if ('year' in value && 'month' in value) return String(value);
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, plain(v)]),
    );
  }
  return value;
}

/** A key to sort by: floats to 9 digits, so that the same link sorts alike in both graphs. */
const sortKey = (value: unknown) =>
  JSON.stringify(value, (_, v) =>
    typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v,
  );

/**
 * Where two plain values differ, as paths; floats are equal within a relative 1e-11, since a sum over
 * relationships read in another store order, or a logarithm in another runtime, differs in its last bits.
 */
function differences(a: unknown, b: unknown, at = '$'): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= 1e-11 * Math.max(Math.abs(a), Math.abs(b)) ? [] : [`${at}: ${a} ≠ ${b}`];
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${at}: ${a.length} items ≠ ${b.length}`];
    return a.flatMap((x, i) => differences(x, b[i], `${at}[${i}]`));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) =>
      differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`),
    );
  }
  return Object.is(a, b) ? [] : [`${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
}

// what differs by design between two loads of the same papers: when they were written, and the run
const WHEN = ['addedAt', 'writtenAt', 'createdRun'];

/**
 * The graph, for comparing: node counts by label and relationship counts by type, and every 25th paper
 * and every 40th topic (in key order) with their properties and all their relationships, both ways.
 */
async function snapshot(database: Database) {
  const rows = async (cypher: string) =>
    (await database.driver.executeQuery(cypher, {}, { database: database.database })).records.map((r) =>
      plain(r.toObject()),
    );
  const links = (n: string) => `COLLECT {
      MATCH (${n})-[r]-(o) WHERE NOT o:IngestRun
      RETURN [type(r), startNode(r) = ${n}, coalesce(o.id, o.key, o.code), properties(r)] AS link
    }`;
  const sampled = (sample: unknown[]) =>
    sample.map((row) => {
      const {
        properties,
        links: all,
        ...rest
      } = row as { properties: Record<string, unknown>; links: unknown[] };
      return {
        ...rest,
        properties: Object.fromEntries(Object.entries(properties).filter(([k]) => !WHEN.includes(k))),
        links: [...all].sort((x, y) => sortKey(x).localeCompare(sortKey(y))),
      };
    });
  return {
    labels: await rows('MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label'),
    types: await rows('MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type'),
    papers: sampled(
      await rows(
        `MATCH (p:Paper) WITH p ORDER BY p.id WITH collect(p) AS ps
         UNWIND range(0, size(ps) - 1, 25) AS i WITH ps[i] AS p
         RETURN p.id AS id, properties(p) AS properties, ${links('p')} AS links`,
      ),
    ),
    topics: sampled(
      await rows(
        `MATCH (t:Phrase) WITH t ORDER BY t.key WITH collect(t) AS ts
         UNWIND range(0, size(ts) - 1, 40) AS i WITH ts[i] AS t
         RETURN t.key AS key, [l IN ['Phrase', 'Topic'] WHERE l IN labels(t)] AS labels, properties(t) AS properties, ${links('t')} AS links`,
      ),
    ),
  };
}

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'bulk-load-'));
});

afterAll(async () => {
  await emptyStore();
  await rm(out, { recursive: true, force: true });
});

describe('extract, shardable and resumable', () => {
  it(
    'writes every n-th record of the source into parts and a manifest, and resumes after a kill',
    async () => {
      const dir = path.join(out, 'a');
      const stop = new AbortController();
      const first = await extractShard(ARXIV_2000, openSource(ARXIV_2000), {
        shard: { index: 0, count: 2 },
        out: dir,
        workers: 2,
        partSize: 250,
        signal: stop.signal,
        // as a kill after the first part would leave it
        onProgress: () => stop.abort(),
      });
      expect(first.done).toBe(false);
      const half = await readManifest(path.join(dir, 'arxiv-2000.shard-0of2.manifest.json'));
      expect(half.done).toBe(false);
      expect(half.parts.length).toBeGreaterThanOrEqual(1);
      expect(half.parts.length).toBeLessThan(4);

      const resumed = await extractShard(ARXIV_2000, openSource(ARXIV_2000), {
        shard: { index: 0, count: 2 },
        out: dir,
        workers: 2,
        partSize: 250,
      });
      expect(resumed).toMatchObject({ done: true, papers: 1000, resumed: half.parts.length * 250 });
      expect(resumed.read).toBe(1000 - half.parts.length * 250);
      const other = await extractShard(ARXIV_2000, openSource(ARXIV_2000), {
        shard: { index: 1, count: 2 },
        out: dir,
        workers: 2,
      });
      expect(other).toMatchObject({ done: true, papers: 1000, parts: 1 });
      const manifest = await readManifest(path.join(dir, 'arxiv-2000.shard-0of2.manifest.json'));
      expect(manifest.parts.map((p) => p.file)).toEqual(
        [0, 1, 2, 3].map((i) => `arxiv-2000.shard-0of2.part-0000${i}.jsonl.gz`),
      );
      expect(manifest.parts.map((p) => p.items)).toEqual([250, 250, 250, 250]);
      expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      // run once more, the finished shard is left as it is
      const again = await extractShard(ARXIV_2000, openSource(ARXIV_2000), {
        shard: { index: 1, count: 2 },
        out: dir,
      });
      expect(again).toMatchObject({ done: true, read: 0, papers: 1000 });
    },
    LONG,
  );
});

describe('bulk load', () => {
  let incremental: Awaited<ReturnType<typeof snapshot>>;

  it(
    'the incremental path, for comparison',
    async () => {
      // on the shared test server, already running: only the bulk load needs a server of its own
      const shared = await openTestDatabase();
      try {
        await resetGraph(shared);
        const summary = await ingest(shared, ARXIV_2000, openSource(ARXIV_2000), { workers: 2 });
        expect(summary.written).toBe(2000);
        incremental = await snapshot(shared);
        await resetGraph(shared);
      } finally {
        await shared.close();
      }
    },
    LONG,
  );

  it(
    'gives the same graph through extract + bulk load: counts by label and type, sampled properties',
    async () => {
      await emptyStore();
      const summary = await loadExtracted([path.join(out, 'a')], config, { bulk: true });
      expect(summary).toMatchObject({ papers: 2000, duplicates: 0, skipped: 0 });
      expect(summary.topicsCreated).toBeGreaterThan(1000);
      for (const phase of ['csv', 'import', 'indexes', 'derive'])
        expect(summary.timings[phase]).toBeGreaterThan(0);
      const bulk = await snapshot(await open());
      expect(bulk.labels).toEqual(incremental.labels);
      expect(bulk.types).toEqual(incremental.types);
      expect(bulk.types.map((t) => (t as { type: string }).type)).toEqual(
        expect.arrayContaining(['MENTIONS', 'CO_OCCURS', 'SIMILAR_TO', 'NARROWER', 'ALIAS_OF', 'DEFINES']),
      );
      expect(bulk.papers).toHaveLength(80);
      expect(differences(bulk.papers, incremental.papers)).toEqual([]);
      expect(differences(bulk.topics, incremental.topics)).toEqual([]);
      const runs = await (await open()).driver.executeQuery(
        'MATCH (r:IngestRun) RETURN r.status AS status, r.written AS written, r.source AS source',
        {},
        { database: config.neo4j.database },
      );
      expect(runs.records.map((r) => plain(r.toObject()))).toEqual([
        { status: 'completed', written: 2000, source: ARXIV_2000 },
      ]);
      // the CSVs are gone once imported
      expect(await readdir(path.join(HOME, 'import')).catch(() => [])).toEqual([]);
    },
    LONG,
  );

  it(
    'refuses, in one line, a database that is not empty or a server the importer cannot reach',
    async () => {
      await expect(loadExtracted([path.join(out, 'a')], config, { bulk: true })).rejects.toThrow(
        /^--bulk: the local database \(.+\) holds \d+ nodes and the importer loads only an empty one: load without --bulk to add to it$/,
      );
      const remote = loadConfig({ ...process.env, NEO4J_URI: 'bolt://db.example.org:7687' });
      await expect(loadExtracted([path.join(out, 'a')], remote, { bulk: true })).rejects.toThrow(
        /^--bulk: NEO4J_URI names a server \(bolt:\/\/db\.example\.org:7687\) where neo4j-admin cannot import/,
      );
    },
    LONG,
  );
});

describe('after a bulk load, everything works on the graph unchanged', () => {
  let app: App;
  let server: Server;
  let browser: Browser | undefined;

  afterAll(async () => {
    await browser?.close();
    if (server) await close(server);
  });

  it(
    'an incremental ingest adds papers and derives them',
    async () => {
      const records: PaperRecord[] = [];
      for await (const item of openSource(ML_SAMPLE))
        if (item.record && records.length < 40) records.push(item.record);
      const database = await open();
      const summary = await ingest(database, 'ml.jsonl', fromRecords(records), { workers: 2 });
      expect(summary.written).toBe(40);
      const { records: rows } = await database.driver.executeQuery(
        `MATCH (p:Paper) WHERE p.id IN $ids
       RETURN count(p) AS papers, sum(CASE WHEN p.derived THEN 1 ELSE 0 END) AS derived,
              sum(count { MATCH (p)-[:SIMILAR_TO]-() }) AS similar`,
        { ids: records.map((r) => r.id) },
        { database: config.neo4j.database },
      );
      expect(plain(rows[0]?.toObject())).toMatchObject({ papers: 40, derived: 40 });
      expect((plain(rows[0]?.toObject()) as { similar: number }).similar).toBeGreaterThan(40);
    },
    LONG,
  );

  it(
    'analytics rank and group the topics',
    async () => {
      const summary = await runAnalytics(await open());
      expect(summary.topics.communities).toBeGreaterThan(5);
      expect(summary.papers.nodes).toBeGreaterThan(2000);
    },
    LONG,
  );

  it(
    'the API answers topics, their papers and full-text search',
    async () => {
      app = createApp(await open(), { logging: false });
      const { body } = await gql(
        app,
        `{ topics(first: 1, orderBy: PAGERANK) { edges { node { key name paperCount
           papers(first: 3) { totalCount edges { score node { id title } } } } } }
         search(query: "quantum", first: 3) { totalCount } }`,
      );
      expect(body.errors).toBeUndefined();
      const topic = body.data?.topics.edges[0].node;
      expect(topic.paperCount).toBeGreaterThan(5);
      expect(topic.papers.totalCount).toBe(topic.paperCount);
      expect(topic.papers.edges).toHaveLength(3);
      expect(body.data?.search.totalCount).toBeGreaterThan(10);
    },
    LONG,
  );

  it(
    'the explorer draws the most central topic in a real browser',
    async () => {
      server = await listen(app, 0, '127.0.0.1');
      const address = server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      await page.goto(`${base}/explore`);
      await page.waitForSelector('.topic-panel[data-topic]');
      await page.waitForFunction(() => document.body.dataset.state === 'ready');
      const order = await page.evaluate(
        () =>
          (window as unknown as { explorer: { view: { graph: { order: number } } } }).explorer.view.graph
            .order,
      );
      expect(order).toBeGreaterThan(5);
    },
    LONG,
  );
});
