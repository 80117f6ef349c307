import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { requireFile } from '../src/cli-errors.ts';
import { PROJECT_ROOT } from '../src/config.ts';
import { count, database, load, samples } from './api/graph.ts';
import { MIX } from './api/mix.ts';

/**
 * npm run bench:load -- [corpus] [--papers N] [--connections 64] [--duration 60]
 * The server on a graph of N papers (default 20,000; the same store as bench:api), then a mixed query
 * workload at fixed concurrency from autocannon on loopback: req/s, latency, errors (HTTP and GraphQL),
 * and the server's RSS sampled through the run.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    papers: { type: 'string', default: '20000' },
    connections: { type: 'string', default: '64' },
    duration: { type: 'string', default: '60' },
  },
});
const corpus = requireFile(
  positionals[0] ?? '../shared/corpus/arxiv-100k.jsonl.gz',
  'give the corpus to read as the first argument',
);
const log = (line: string) => console.error(line);
const PORT = 4210;

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const { db, env } = await database(log);
await load(db, corpus, Number(values.papers), log);
const graph = { papers: await count(db, 'MATCH (p:Paper) RETURN count(p)') };
const all = await samples(db);
await db.close();

const server = spawn(process.execPath, ['--import', 'tsx', 'bench/api/ours-server.ts'], {
  cwd: PROJECT_ROOT,
  env: { ...env, PORT: String(PORT) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  server.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  server.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve());
});
const pid = server.pid as number;

try {
  // every query of the mix, each over the sampled topics, papers and searches, in turn
  const bodies = all.flatMap((s) => MIX.map((q) => JSON.stringify(q.ours(s))));
  const warm = await autocannon({
    url: `http://127.0.0.1:${PORT}/graphql`,
    connections: 8,
    duration: 5,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: bodies[0],
  });
  log(`warm-up: ${warm.requests.average.toFixed(0)} req/s`);
  const rss: { s: number; mb: number }[] = [{ s: 0, mb: await rssMb(pid) }];
  const started = Date.now();
  const sampler = setInterval(() => {
    void rssMb(pid).then((mb) => rss.push({ s: Math.round((Date.now() - started) / 1000), mb }));
  }, 5000);
  let i = 0;
  let graphqlErrors = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}/graphql`,
    connections: Number(values.connections),
    duration: Number(values.duration),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: bodies[i++ % bodies.length] as string }),
        onResponse: (_status, body) => {
          if (body.includes('"errors"')) graphqlErrors += 1;
        },
      },
    ],
  });
  clearInterval(sampler);
  rss.push({ s: Number(values.duration), mb: await rssMb(pid) });
  const third = Math.max(1, Math.floor(rss.length / 3));
  const mean = (xs: { mb: number }[]) => xs.reduce((a, x) => a + x.mb, 0) / xs.length;
  const early = mean(rss.slice(0, third));
  const late = mean(rss.slice(-third));
  const errors = result.errors + result.timeouts + result.non2xx + graphqlErrors;
  console.log(
    `\n${graph.papers} papers; ${values.connections} connections for ${values.duration} s; ${MIX.length} queries × ${all.length} samples, in turn\n`,
  );
  console.log(
    '| req/s | p50 ms | p99 ms | max ms | requests | errors |\n| ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  console.log(
    `| ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} | ${result.latency.max} | ${result.requests.total} | ${errors} |`,
  );
  console.log(
    `\nerrors: ${result.errors} connection, ${result.timeouts} timeouts, ${result.non2xx} non-2xx, ${graphqlErrors} GraphQL`,
  );
  console.log(`server RSS (MB) by second: ${rss.map((r) => `${r.s}s ${r.mb.toFixed(0)}`).join(', ')}`);
  console.log(
    `RSS first third ${early.toFixed(0)} MB, last third ${late.toFixed(0)} MB: ${late <= early * 1.1 ? 'no growth trend ✓' : 'growing ✗'}; errors ${errors === 0 ? '0 ✓' : `${errors} ✗`}`,
  );
} finally {
  server.kill('SIGTERM');
}
