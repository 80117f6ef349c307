import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { refreshTimelines } from '../src/analytics/run.ts';
import { createApp } from '../src/app.ts';
import { PROJECT_ROOT } from '../src/config.ts';
import { count, database, load } from './api/graph.ts';

/**
 * npm run bench:trending -- [corpus] [--papers N] [--years 2016,2017] [--top 10] [--duration S] [--connections C]
 * Loads the corpus (default: all of ../shared/corpus/arxiv-100k.jsonl.gz) into a Neo4j of the bench's own
 * (kept between runs), prints the top topics of `trendingTopics(from: Y, to: Y)` for each year as a
 * Markdown table, then measures `trendingTopics` and `trendingPapers` with autocannon against this
 * server: requests a second and latency percentiles, beside the 200 ms p50 the API is meant to stay under.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    papers: { type: 'string' },
    years: { type: 'string' },
    top: { type: 'string', default: '10' },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '4' },
  },
});
const corpus = positionals[0] ?? '../shared/corpus/arxiv-100k.jsonl.gz';
if (!existsSync(corpus)) {
  console.error(`${corpus} is not there: give a corpus (JSON Lines, gzipped or not) as the first argument`);
  process.exit(2);
}
const ml = corpus.includes('ml-conferences');
const papers = Number(values.papers ?? (ml ? 16_000 : 100_000));
const top = Number(values.top);
const log = (line: string) => console.error(line);
const TARGET_P50_MS = 200;

const store = ml
  ? { home: '.data/neo4j-trend-ml', port: 7692 }
  : { home: '.data/neo4j-bench-api', port: 7690 };
const { db, env } = await database(log, store);
await load(db, corpus, papers, log);
if ((await count(db, 'MATCH (t:Topic) WHERE t.trendMonths IS NULL RETURN count(t)')) > 0) {
  log('computing topic timelines (graphs ingested before timelines were kept)…');
  log(`${await refreshTimelines(db)} timelines`);
}

const app = createApp(db, { logging: false });
async function ask<T>(query: string): Promise<T> {
  const response = await app.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}

const range = await ask<{
  oldest: { edges: { node: { year: number } }[] };
  newest: { edges: { node: { year: number } }[] };
}>(`{ oldest: papers(first: 1, orderBy: OLDEST) { edges { node { year } } }
      newest: papers(first: 1, orderBy: NEWEST) { edges { node { year } } } }`);
const first = range.oldest.edges[0]?.node.year ?? 0;
const last = range.newest.edges[0]?.node.year ?? 0;
const years = values.years
  ? values.years.split(',').map(Number)
  : Array.from({ length: Math.max(0, last - first) }, (_, i) => last - i).filter((y) => y > first);

interface Edge {
  score: number;
  recentPapers: number;
  earlierPapers: number;
  node: { name: string };
}
console.log(`\n## Rising topics per year: ${corpus} (${papers.toLocaleString('en')} papers)\n`);
console.log(
  `| year | papers that year / before | top ${top} of trendingTopics(from: year, to: year) | first answer ms |`,
);
console.log('|---|---|---|---|');
for (const year of [...years].sort()) {
  const started = performance.now();
  const data = await ask<{
    trendingTopics: { window: { recentPapers: number; earlierPapers: number }; edges: Edge[] };
  }>(`{ trendingTopics(from: "${year}", to: "${year}", first: ${top}) {
        window { recentPapers earlierPapers } edges { score recentPapers earlierPapers node { name } } } }`);
  const ms = performance.now() - started;
  const { window, edges } = data.trendingTopics;
  const names = edges.map((e) => `${e.node.name} (${e.recentPapers}/${e.earlierPapers})`).join(', ');
  console.log(`| ${year} | ${window.recentPapers} / ${window.earlierPapers} | ${names} | ${ms.toFixed(0)} |`);
}
console.log(
  '\n(n/m: papers of the year that mention the topic / papers before it that do; the first answer for a window computes its ranking, later ones reuse it until the graph changes)',
);

function start(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/api/ours-server.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...env, PORT: '4210' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve(child);
    });
  });
}

const QUERIES: Record<string, (year: number) => string> = {
  trendingTopics: (y) =>
    `{ trendingTopics(from: "${y}", to: "${y}", first: 20) { edges { score recentPapers earlierPapers node { name paperCount } } } }`,
  'trendingTopics + share per year': (y) =>
    `{ trendingTopics(from: "${y}", to: "${y}", first: 20) { edges { score node { name trend { year share } } } } }`,
  'trendingTopics open-ended': (y) =>
    `{ trendingTopics(from: "${y}", first: 20) { edges { score node { name } } } }`,
  trendingPapers: (y) =>
    `{ trendingPapers(from: "${y}", to: "${y}", first: 10) { edges { score reasons { score topic { name } } node { title published } } } }`,
};

const server = await start();
try {
  const benchYears = years.slice(0, 4);
  console.log(
    `\n## Speed on ${papers.toLocaleString('en')} papers: ${values.connections} connections, ${values.duration} s each, years ${benchYears.join(', ')} in turn\n`,
  );
  console.log('| query | req/s | p50 ms | p99 ms | p50 target ms | errors |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, query] of Object.entries(QUERIES)) {
    let i = 0;
    // the server's first answer for each window computes its ranking; the run measures the answers after it
    for (const y of benchYears) {
      await fetch('http://127.0.0.1:4210/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: query(y) }),
      });
    }
    const result = await autocannon({
      url: 'http://127.0.0.1:4210/graphql',
      connections: Number(values.connections),
      duration: Number(values.duration),
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({ query: query(benchYears[i++ % benchYears.length] as number) }),
          }),
        },
      ],
    });
    const errors = result.errors + result.timeouts + result.non2xx;
    console.log(
      `| ${name} | ${result.requests.average.toFixed(1)} | ${result.latency.p50} | ${result.latency.p99} | ${TARGET_P50_MS} | ${errors} |`,
    );
  }
} finally {
  server.kill();
  await db.close();
}
