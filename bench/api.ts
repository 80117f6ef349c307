import { type ChildProcess, spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { requireFile } from '../src/cli-errors.ts';
import { PROJECT_ROOT } from '../src/config.ts';
import { count, database, load, samples } from './api/graph.ts';
import { MIX, type MixQuery, type Sample } from './api/mix.ts';
import { recordStatements, type StatementRequest } from './api/statements.ts';

/**
 * npm run bench:api -- [corpus] [--papers N] [--connections C] [--duration S] [--rounds R] [--only two,search]
 * Loads N papers (default 20,000) into a Neo4j of the bench's own (kept between runs), then runs each
 * query of the mix with autocannon at fixed concurrency against this server, the Neo4j GraphQL Library
 * over the same database, and the query's single hand-written Cypher statement through the driver.
 * A fourth target serves the very statement this server sends for each sample the way the floor is
 * served, without GraphQL: it splits the gap to the floor into the statement's share and the rest.
 * Each query runs R rounds of S seconds per target, the targets' order rotating from round to round, so
 * that a slow phase of the shared machine does not always fall on the same target.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    papers: { type: 'string', default: '20000' },
    connections: { type: 'string', default: '16' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '3' },
    only: { type: 'string' },
  },
});
const corpus = requireFile(
  positionals[0] ?? '../shared/corpus/arxiv-100k.jsonl.gz',
  'give the corpus to read as the first argument',
);
const papers = Number(values.papers);
const connections = Number(values.connections);
const duration = Number(values.duration);
const warmup = Number(values.warmup);
const rounds = Math.max(1, Number(values.rounds));
const log = (line: string) => console.error(line);

interface Target {
  name: 'this server' | '@neo4j/graphql' | 'Cypher floor' | 'its Cypher, no GraphQL';
  key: 'ours' | 'library' | 'floor' | 'statement';
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
  {
    name: 'its Cypher, no GraphQL',
    key: 'statement',
    script: 'bench/api/floor-server.ts',
    port: 4203,
    path: '/',
  },
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

/** Per query, the statements this server sent for each sample (see recordStatements). */
const recorded = new Map<string, StatementRequest[]>();

function body(target: Target, q: MixQuery, all: Sample[], i: number): string {
  const s = all[i % all.length] as Sample;
  if (target.key === 'statement') {
    const statements = recorded.get(q.name) as StatementRequest[];
    return JSON.stringify(statements[i % statements.length]);
  }
  return JSON.stringify(target.key === 'floor' ? q.floor(s) : q[target.key](s));
}

/** Every target answers every sample without errors before anything is timed. */
async function check(target: Target, q: MixQuery, all: Sample[]): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const response = await fetch(`http://127.0.0.1:${target.port}${target.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body(target, q, all, i),
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

async function run(target: Target, q: MixQuery, all: Sample[], seconds: number): Promise<Result> {
  let i = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}${target.path}`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: body(target, q, all, i++) }),
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

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Rounds of one target on one query: mean throughput, median latencies, all errors. */
function combine(runs: Result[]): Result {
  return {
    rps: runs.reduce((sum, r) => sum + r.rps, 0) / runs.length,
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

const { db, env } = await database(log);
const children: ChildProcess[] = [];
try {
  await load(db, corpus, papers, log);
  const graph = {
    papers: await count(db, 'MATCH (p:Paper) RETURN count(p)'),
    topics: await count(db, 'MATCH (t:Topic) RETURN count(t)'),
  };
  const all = await samples(db);
  const only = values.only?.split(',').map((s) => s.trim().toLowerCase());
  const mix = MIX.filter((m) => !only || only.some((o) => m.name.toLowerCase().startsWith(o)));
  for (const q of mix) {
    const statements = await recordStatements(db, q, all);
    if (statements) recorded.set(q.name, statements);
    else log(`"${q.name}" took more than one statement: no "its Cypher" target for it`);
  }
  const targetsOf = (q: MixQuery) => TARGETS.filter((t) => t.key !== 'statement' || recorded.has(q.name));
  for (const target of TARGETS) children.push(await start(target, env));
  log(
    `graph: ${graph.papers} papers, ${graph.topics} topics; ${connections} connections, ${rounds} rounds of ${duration} s`,
  );
  const rows: string[] = [];
  const verdicts: string[] = [];
  // Neo4j's page cache starts cold: one pass of every query on every target first, so that the first
  // target timed does not pay for reading the store
  if (warmup > 0) {
    for (const q of mix) for (const target of targetsOf(q)) await run(target, q, all, warmup);
  }
  for (const q of mix) {
    const targets = targetsOf(q);
    const runs: Record<Target['key'], Result[]> = { ours: [], library: [], floor: [], statement: [] };
    for (const target of targets) {
      await check(target, q, all);
      if (warmup > 0) await run(target, q, all, warmup);
    }
    for (let round = 0; round < rounds; round++) {
      const order = targets.map((_, i) => targets[(i + round) % targets.length] as Target);
      for (const target of order) runs[target.key].push(await run(target, q, all, duration));
    }
    const results: Partial<Record<Target['key'], Result>> = {};
    for (const target of targets) {
      const r = combine(runs[target.key]);
      results[target.key] = r;
      rows.push(
        `| ${q.name} | ${target.name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} |`,
      );
      log(`${rows.at(-1)}  rounds: p50 ${runs[target.key].map((x) => x.p50).join(', ')} ms`);
    }
    const { ours, library, floor, statement } = results as Record<Target['key'], Result | undefined>;
    if (!ours || !library || !floor) throw new Error(`"${q.name}" lacks a target`);
    const throughput = ours.rps / library.rps;
    const latency = ours.p50 / Math.max(floor.p50, 0.1);
    const split = statement
      ? `${(statement.p50 / Math.max(floor.p50, 0.1)).toFixed(2)} | ${(ours.p50 / Math.max(statement.p50, 0.1)).toFixed(2)}`
      : '– | –';
    verdicts.push(
      `| ${q.name} | ${throughput.toFixed(2)} ${throughput >= 1 ? '✓' : '✗'} | ${latency.toFixed(2)} ${latency <= 1.5 ? '✓' : '✗'} | ${split} |`,
    );
  }
  console.log(
    `\n${graph.papers} papers, ${graph.topics} topics; autocannon, ${connections} connections, ${rounds} rounds of ${duration} s per target (req/s: mean; p50, p99: median of the rounds)\n`,
  );
  console.log(
    '| query | target | req/s | p50 ms | p99 ms | errors |\n| --- | --- | ---: | ---: | ---: | ---: |',
  );
  console.log(rows.join('\n'));
  console.log(
    '\n| query | req/s vs @neo4j/graphql (≥ 1) | p50 vs Cypher floor (≤ 1.5) | of which: its Cypher vs floor | GraphQL layer (this server vs its Cypher) |\n| --- | ---: | ---: | ---: | ---: |',
  );
  console.log(verdicts.join('\n'));
} finally {
  for (const child of children) child.kill('SIGTERM');
  await db.close();
}
