import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config.ts';
import { stopLocalNeo4j } from '../src/local-neo4j/launcher.ts';

/**
 * npm run bench:ingest -- [corpus] --bulk [--limit N] [--sizes 20000,50000] [--shard-sample S] [--skip-incremental]
 * Side by side, each step the project's own command line in a process of its own (so peak RSS is that
 * command's): extraction alone (a dry run, all cores); extract + load --bulk end to end into an empty
 * local Neo4j; the same at smaller sizes for the growth of peak RSS; one shard against two shards at once
 * (one worker each); and the incremental ingest of the same papers.
 */

const BENCH_HOME = path.join(PROJECT_ROOT, '.data/neo4j-bench');
const BENCH_PORT = '7689';
const WORK = path.join(PROJECT_ROOT, '.data/bench-extract');

interface Run {
  ms: number;
  stdout: string;
  stderr: string;
  rss: number;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'ingest/cli.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      NEO4J_URI: '',
      NEO4J_LOCAL_HOME: BENCH_HOME,
      NEO4J_LOCAL_PORT: BENCH_PORT,
      NEO4J_LOCAL_HEAP: process.env.NEO4J_LOCAL_HEAP ?? '2g',
      NEO4J_LOCAL_PAGECACHE: process.env.NEO4J_LOCAL_PAGECACHE ?? '1g',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
    process.stderr.write(d);
  });
  return new Promise((resolve, reject) =>
    child.once('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) {
        reject(
          new Error(
            `ingest ${args.join(' ')} exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
          ),
        );
        return;
      }
      const rss = Number(/peak RSS (\d+) MB/.exec(`${stdout}\n${stderr}`)?.[1] ?? Number.NaN);
      resolve({ ms, stdout, stderr, rss });
    }),
  );
}

async function emptyBenchDatabase(): Promise<void> {
  await stopLocalNeo4j({ home: BENCH_HOME });
  for (const dir of ['data/databases/neo4j', 'data/transactions/neo4j']) {
    await rm(path.join(BENCH_HOME, dir), { recursive: true, force: true });
  }
}

const rate = (n: number, ms: number) => (n * 1000) / ms;
const f1 = (x: number) => x.toFixed(1);
const papersOf = (run: Run, pattern: RegExp) => Number(pattern.exec(run.stdout)?.[1] ?? Number.NaN);

async function bulk(corpus: string, n: number) {
  await emptyBenchDatabase();
  const dir = path.join(WORK, `bulk-${n}`);
  await rm(dir, { recursive: true, force: true });
  const extract = await cli(['extract', corpus, '--out', dir, '--limit', String(n)]);
  const load = await cli(['load', dir, '--bulk']);
  await rm(dir, { recursive: true, force: true });
  const papers = papersOf(load, /^loaded (\d+) papers/m);
  const phases = /; (check .+ s); peak RSS/.exec(load.stdout)?.[1] ?? '';
  const graph = /^graph: .+$/m.exec(load.stdout)?.[0] ?? '';
  return { n, papers, extract, load, ms: extract.ms + load.ms, phases, graph };
}

export async function bulkBench(
  corpus: string,
  options: { limit: number; sizes: number[]; shardSample: number; incremental: boolean },
): Promise<void> {
  const n = options.limit;
  console.log(`bulk-load bench on ${corpus}, ${n} papers; Neo4j on port ${BENCH_PORT} (${BENCH_HOME})`);

  const dry = await cli([corpus, '--dry-run', '--limit', String(n)]);
  const read = papersOf(dry, /: read (\d+),/);
  const extractionOnly = rate(read, dry.ms);

  const full = await bulk(corpus, n);
  const growth = [];
  for (const size of options.sizes.filter((s) => s < n)) growth.push(await bulk(corpus, size));
  growth.push(full);

  // shards: one alone, then two at once, each on one worker thread
  const s = options.shardSample;
  const one = path.join(WORK, 'shard-one');
  const two = path.join(WORK, 'shard-two');
  await rm(one, { recursive: true, force: true });
  await rm(two, { recursive: true, force: true });
  const alone = await cli([
    'extract',
    corpus,
    '--out',
    one,
    '--shard',
    '0/2',
    '--limit',
    String(s),
    '--workers',
    '1',
  ]);
  const pair = await Promise.all(
    [0, 1].map((i) =>
      cli(['extract', corpus, '--out', two, '--shard', `${i}/2`, '--limit', String(s), '--workers', '1']),
    ),
  );
  await rm(WORK, { recursive: true, force: true });
  // each process's own rate, from its first record to its last part (its start-up, the same for one or
  // two, is left out); the two run over the same span
  const shardRate = (run: Run) => Number(/at ([\d.]+) papers\/s/.exec(run.stdout)?.[1] ?? Number.NaN);
  const oneRate = shardRate(alone);
  const twoRate = pair.reduce((k, r) => k + shardRate(r), 0);

  let incremental: { ms: number; rss: number; graph: string } | null = null;
  if (options.incremental) {
    await emptyBenchDatabase();
    const run = await cli([corpus, '--limit', String(n)]);
    incremental = { ms: run.ms, rss: run.rss, graph: /^graph: .+$/m.exec(run.stdout)?.[0] ?? '' };
  }
  await stopLocalNeo4j({ home: BENCH_HOME });

  const bulkRate = rate(full.papers, full.ms);
  console.log('');
  console.log(`| path, ${n} papers | wall time | papers/s | peak RSS |`);
  console.log('| --- | ---: | ---: | ---: |');
  console.log(
    `| extraction only (dry run, all cores) | ${f1(dry.ms / 1000)} s | ${f1(extractionOnly)} | ${dry.rss} MB |`,
  );
  console.log(
    `| bulk: extract + load --bulk, end to end | ${f1(full.ms / 1000)} s (${f1(full.ms / 60000)} min) | ${f1(bulkRate)} | extract ${full.extract.rss} MB, load ${full.load.rss} MB |`,
  );
  console.log(
    `|   extract | ${f1(full.extract.ms / 1000)} s | ${f1(rate(full.papers, full.extract.ms))} | ${full.extract.rss} MB |`,
  );
  console.log(`|   load --bulk | ${f1(full.load.ms / 1000)} s | | ${full.load.rss} MB |`);
  if (incremental) {
    console.log(
      `| incremental ingest | ${f1(incremental.ms / 1000)} s (${f1(incremental.ms / 60000)} min) | ${f1(rate(n, incremental.ms))} | ${incremental.rss} MB |`,
    );
  }
  console.log('');
  console.log(`load phases: ${full.phases}`);
  console.log(`bulk graph: ${full.graph}`);
  if (incremental) console.log(`incremental graph: ${incremental.graph}`);
  console.log('');
  console.log(
    `bulk / extraction-only throughput = ${(bulkRate / extractionOnly).toFixed(2)}   (target >= 0.85)`,
  );
  console.log(`bulk end to end = ${f1(full.ms / 60000)} min   (target < 8 min for 100,000 papers)`);
  if (incremental) console.log(`incremental / bulk wall time = ${(incremental.ms / full.ms).toFixed(2)}`);
  console.log('');
  console.log('| papers | extract peak RSS | load peak RSS | end to end |');
  console.log('| ---: | ---: | ---: | ---: |');
  for (const g of growth)
    console.log(`| ${g.papers} | ${g.extract.rss} MB | ${g.load.rss} MB | ${f1(g.ms / 1000)} s |`);
  if (growth.length > 1) {
    const a = growth[0] as (typeof growth)[number];
    const b = growth[growth.length - 1] as (typeof growth)[number];
    const per100k = ((b.load.rss - a.load.rss) / (b.papers - a.papers)) * 100_000;
    console.log(`load peak RSS grows by ${f1(per100k)} MB per 100,000 papers (${a.papers} → ${b.papers})`);
  }
  console.log('');
  console.log(
    `shards (${s} records, one worker each): one shard ${f1(oneRate)} papers/s, two at once ${f1(twoRate)} papers/s`,
  );
  console.log(`two shards / one shard = ${(twoRate / oneRate).toFixed(2)}   (target >= 1.8)`);
}
