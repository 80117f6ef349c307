import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { ingest } from '../ingest/pipeline.ts';
import { openSource } from '../ingest/sources/index.ts';
import { PROJECT_ROOT } from '../src/config.ts';
import { connect, type Database } from '../src/db/driver.ts';
import { startLocalNeo4j } from '../src/db/local-neo4j.ts';
import { int, toNumber } from '../src/db/query.ts';
import { applyConstraints } from '../src/db/schema.ts';
import { MIX, type Sample } from './api/mix.ts';

/**
 * npm run bench:api -- [corpus] [--papers N] [--connections C] [--duration S] [--only two,search]
 * Loads N papers (default 20,000) into a Neo4j of the bench's own (kept between runs), then runs each
 * query of the mix with autocannon at fixed concurrency against this server, the Neo4j GraphQL Library
 * over the same database, and the query's single hand-written Cypher statement through the driver.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    papers: { type: 'string', default: '20000' },
    connections: { type: 'string', default: '16' },
    duration: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    only: { type: 'string' },
  },
});
const corpus = positionals[0] ?? '../shared/corpus/arxiv-100k.jsonl.gz';
const papers = Number(values.papers);
const connections = Number(values.connections);
const duration = Number(values.duration);
const warmup = Number(values.warmup);
const log = (line: string) => console.error(line);

async function database(): Promise<{ db: Database; env: NodeJS.ProcessEnv }> {
  const target = process.env.NEO4J_URI
    ? {
        uri: process.env.NEO4J_URI,
        user: process.env.NEO4J_USER ?? 'neo4j',
        password: process.env.NEO4J_PASSWORD ?? '',
      }
    : await startLocalNeo4j({
        home: path.join(PROJECT_ROOT, '.data/neo4j-bench-api'),
        boltPort: 7690,
        heap: '2g',
        pageCache: '1g',
        log,
      });
  const db = await connect({ ...target, database: process.env.NEO4J_DATABASE ?? 'neo4j' });
  return {
    db,
    env: {
      ...process.env,
      NEO4J_URI: target.uri,
      NEO4J_USER: target.user,
      NEO4J_PASSWORD: target.password,
    },
  };
}

async function count(db: Database, cypher: string): Promise<number> {
  const { records } = await db.driver.executeQuery(cypher, {}, { database: db.database });
  return toNumber(records[0]?.get(0));
}

/** Loads the corpus' first N papers unless the graph already holds them (the load takes minutes). */
async function load(db: Database): Promise<void> {
  await applyConstraints(db);
  const have = await count(db, 'MATCH (p:Paper) RETURN count(p)');
  if (have >= papers) {
    log(`reusing the graph of ${have} papers`);
    return;
  }
  log(`ingesting ${papers} papers of ${corpus} (once; later runs reuse them)`);
  const started = performance.now();
  const summary = await ingest(db, corpus, openSource(corpus), { limit: papers });
  log(`ingested ${summary.written} papers in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** Topics, papers and searches the mix is asked about: mid-sized topics, papers with similar papers. */
async function samples(db: Database, n = 200): Promise<Sample[]> {
  const { records } = await db.driver.executeQuery(
    `CALL () {
       MATCH (t:Topic) WHERE 5 <= t.paperCount <= 2000 AND EXISTS { (t)-[:CO_OCCURS]-() }
       RETURN collect(t.key)[..$n] AS topics
     }
     CALL () {
       MATCH (p:Paper) WHERE EXISTS { (p)-[:SIMILAR_TO]->() }
       RETURN collect(p.id)[..$n] AS papers
     }
     CALL () {
       MATCH (t:Topic) WHERE t.paperCount >= 20 AND size(split(t.key, ' ')) <= 2
       RETURN collect(t.name)[..$n] AS searches
     }
     RETURN topics, papers, searches`,
    { n: int(n) },
    { database: db.database },
  );
  const r = records[0];
  const topics = r?.get('topics') as string[];
  const ids = r?.get('papers') as string[];
  const searches = r?.get('searches') as string[];
  if (!topics?.length || !ids?.length || !searches?.length)
    throw new Error('the graph is too small to sample');
  return Array.from({ length: n }, (_, i) => ({
    topicKey: topics[(i * 7) % topics.length] as string,
    paperId: ids[(i * 11) % ids.length] as string,
    search: searches[(i * 13) % searches.length] as string,
  }));
}

interface Target {
  name: 'this server' | '@neo4j/graphql' | 'Cypher floor';
  key: 'ours' | 'library' | 'floor';
  script: string;
  port: number;
  path: string;
}

const TARGETS: Target[] = [
  { name: 'this server', key: 'ours', script: 'bench/api/ours-server.ts', port: 4200, path: '/graphql' },
  {
    name: '@neo4j/graphql',
    key: 'library',
    script: 'bench/api/library-server.ts',
    port: 4201,
    path: '/graphql',
  },
  { name: 'Cypher floor', key: 'floor', script: 'bench/api/floor-server.ts', port: 4202, path: '/' },
];

function start(target: Target, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', target.script], {
    cwd: PROJECT_ROOT,
    env: { ...env, PORT: String(target.port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${target.name} exited (${code}) before listening`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve(child);
    });
  });
}

function body(target: Target, q: (typeof MIX)[number], s: Sample): string {
  return JSON.stringify(target.key === 'floor' ? q.floor(s) : q[target.key](s));
}

/** Every target answers every sample without errors before anything is timed. */
async function check(target: Target, q: (typeof MIX)[number], all: Sample[]): Promise<void> {
  for (const s of all.slice(0, 20)) {
    const response = await fetch(`http://127.0.0.1:${target.port}${target.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body(target, q, s),
    });
    const json = (await response.json()) as { errors?: { message: string }[] };
    if (response.status !== 200 || json.errors) {
      throw new Error(`${target.name} failed "${q.name}": ${JSON.stringify(json.errors ?? response.status)}`);
    }
  }
}

interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function run(target: Target, q: (typeof MIX)[number], all: Sample[], seconds: number): Promise<Result> {
  let i = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}${target.path}`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: body(target, q, all[i++ % all.length] as Sample) }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

const { db, env } = await database();
const children: ChildProcess[] = [];
try {
  await load(db);
  const graph = {
    papers: await count(db, 'MATCH (p:Paper) RETURN count(p)'),
    topics: await count(db, 'MATCH (t:Topic) RETURN count(t)'),
  };
  const all = await samples(db);
  for (const target of TARGETS) children.push(await start(target, env));
  log(
    `graph: ${graph.papers} papers, ${graph.topics} topics; ${connections} connections, ${duration} s per run`,
  );
  const rows: string[] = [];
  const verdicts: string[] = [];
  const only = values.only?.split(',').map((s) => s.trim().toLowerCase());
  for (const q of MIX.filter((m) => !only || only.some((o) => m.name.toLowerCase().startsWith(o)))) {
    const results: Partial<Record<Target['key'], Result>> = {};
    for (const target of TARGETS) {
      await check(target, q, all);
      if (warmup > 0) await run(target, q, all, warmup);
      const r = await run(target, q, all, duration);
      results[target.key] = r;
      rows.push(
        `| ${q.name} | ${target.name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} |`,
      );
      log(rows.at(-1) as string);
    }
    const { ours, library, floor } = results as Record<Target['key'], Result>;
    const throughput = ours.rps / library.rps;
    const latency = ours.p50 / Math.max(floor.p50, 0.1);
    verdicts.push(
      `| ${q.name} | ${throughput.toFixed(2)} ${throughput >= 1 ? '✓' : '✗'} | ${latency.toFixed(2)} ${latency <= 1.5 ? '✓' : '✗'} |`,
    );
  }
  console.log(
    `\n${graph.papers} papers, ${graph.topics} topics; autocannon, ${connections} connections, ${duration} s per run\n`,
  );
  console.log(
    '| query | target | req/s | p50 ms | p99 ms | errors |\n| --- | --- | ---: | ---: | ---: | ---: |',
  );
  console.log(rows.join('\n'));
  console.log(
    '\n| query | req/s vs @neo4j/graphql (≥ 1) | p50 vs Cypher floor (≤ 1.5) |\n| --- | ---: | ---: |',
  );
  console.log(verdicts.join('\n'));
} finally {
  for (const child of children) child.kill('SIGTERM');
  await db.close();
}
