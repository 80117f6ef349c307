import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import nlp from 'compromise';
import { ingest } from '../ingest/pipeline.ts';
import { openSource } from '../ingest/sources/index.ts';
import { requireFile } from '../src/cli-errors.ts';
import { PROJECT_ROOT } from '../src/config.ts';
import { graphCounts } from '../src/db/ingest-repo.ts';
import type { PaperRecord, SourceItem } from '../src/domain/record.ts';
import { bulkBench } from './bulk.ts';
import { freshDatabase } from './fresh-database.ts';

/**
 * npm run bench:ingest -- <corpus> [--limit N] [--full]
 * npm run bench:ingest -- <corpus> --bulk [--limit N] [--sizes 20000,50000] [--shard-sample S] [--skip-incremental]
 *   (bench/bulk.ts)
 * Side by side on the same papers: (a) bare compromise tagging on one core, (b) the project's extraction
 * alone with one worker and with all of them, (c) the whole pipeline into Neo4j. --full skips (a)/(b) and
 * ingests the whole input end to end.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    limit: { type: 'string' },
    full: { type: 'boolean', default: false },
    bulk: { type: 'boolean', default: false },
    sizes: { type: 'string', default: '' },
    'shard-sample': { type: 'string', default: '10000' },
    'skip-incremental': { type: 'boolean', default: false },
  },
});
const corpus = requireFile(
  positionals[0] ?? '../shared/corpus/arxiv-100k.jsonl.gz',
  'give the corpus to read as the first argument',
);
const count = (name: string, text: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 10) {
    console.error(`error: ${name} ${text}: expected a whole number of papers, at least 10`);
    process.exit(1);
  }
  return n;
};
if (values.bulk) {
  await bulkBench(corpus, {
    limit: count('--limit', values.limit ?? '100000'),
    sizes: values.sizes ? values.sizes.split(',').map((s) => count('--sizes', s)) : [],
    shardSample: count('--shard-sample', values['shard-sample']),
    incremental: !values['skip-incremental'],
  });
  process.exit(0);
}
const limit = values.full ? Number.POSITIVE_INFINITY : count('--limit', values.limit ?? '20000');

const rss = () => process.resourceUsage().maxRSS / 1024;
const perSecond = (n: number, ms: number) => (n * 1000) / ms;
const fmt = (x: number) => x.toFixed(1);

async function load(): Promise<PaperRecord[]> {
  const records: PaperRecord[] = [];
  for await (const item of openSource(corpus)) {
    if (item.record) records.push(item.record);
    if (records.length >= limit) break;
  }
  return records;
}

async function* replay(records: PaperRecord[]): AsyncGenerator<SourceItem> {
  for (const record of records) yield { record };
}

const BENCH_HOME = path.join(PROJECT_ROOT, '.data/neo4j-bench');

/** On a server given by NEO4J_URI: relationships first, so no dense node is deleted in one transaction. */
async function emptyGraph(db: Awaited<ReturnType<typeof freshDatabase>>) {
  if (!process.env.NEO4J_URI) return;
  const session = db.driver.session({ database: db.database });
  try {
    await session.run('MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS');
    await session.run('MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS');
  } finally {
    await session.close();
  }
}

const workers = availableParallelism();
const db = await freshDatabase(BENCH_HOME, 7689);
await emptyGraph(db);

if (values.full) {
  const started = Date.now();
  const summary = await ingest(db, corpus, openSource(corpus), { workers });
  const ms = Date.now() - started;
  const counts = await graphCounts(db);
  console.log(
    `full ingest of ${corpus}: ${summary.written} papers in ${fmt(ms / 1000)} s (${fmt(perSecond(summary.written, ms))} papers/s)`,
  );
  console.log(
    `graph: ${counts.papers} papers, ${counts.topics} topics, ${counts.mentions} mentions; peak RSS ${fmt(rss())} MB`,
  );
  await db.close();
  process.exit(0);
}

const records = await load();
console.log(`${records.length} papers from ${corpus}; ${workers} cores; Neo4j at ${db.target}`);

const sample = records.slice(0, Math.min(records.length, 3000));
let t = performance.now();
for (const r of sample) nlp(`${r.title}. ${r.abstract}`);
const a = perSecond(sample.length, performance.now() - t);

t = performance.now();
await ingest(null, 'bench', replay(records), { workers: 1, dryRun: true });
const b1 = perSecond(records.length, performance.now() - t);

t = performance.now();
await ingest(null, 'bench', replay(records), { workers, dryRun: true });
const bAll = perSecond(records.length, performance.now() - t);

t = performance.now();
const full = await ingest(db, 'bench', replay(records), { workers });
const c = perSecond(records.length, performance.now() - t);
const counts = await graphCounts(db);

console.log('');
console.log('| stage | papers/s |');
console.log('| --- | ---: |');
console.log(`| (a) bare compromise tagging, one core | ${fmt(a)} |`);
console.log(`| (b) extraction, 1 worker | ${fmt(b1)} |`);
console.log(`| (b) extraction, ${workers} workers | ${fmt(bAll)} |`);
console.log(`| (c) full pipeline into Neo4j (incl. derived graph) | ${fmt(c)} |`);
console.log('');
console.log(`b(1 worker) / a           = ${(b1 / a).toFixed(2)}`);
console.log(`b(all) / b(1 worker)      = ${(bAll / b1).toFixed(2)}   (parallel efficiency target >= 1.7)`);
console.log(`c / b(all)                = ${(c / bAll).toFixed(2)}   (database overhead target >= 0.75)`);
console.log(`graph: ${counts.papers} papers, ${counts.topics} topics, ${counts.mentions} mentions`);
console.log(`ingest process peak RSS   = ${fmt(rss())} MB`);
console.log(
  `time in (c), s: ${Object.entries(full.timings)
    .map(([k, v]) => `${k} ${fmt(v / 1000)}`)
    .join(', ')}`,
);
await db.close();
