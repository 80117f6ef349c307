import { parseArgs } from 'node:util';
import { runAnalytics } from '../src/analytics/run.ts';
import { requireFile } from '../src/cli-errors.ts';
import { count, database, load } from './api/graph.ts';

/**
 * npm run bench:analytics -- [corpus] [--papers N] [--samples S]
 * Analytics over the graph of the whole corpus (100,000 papers by default; loaded once into a Neo4j of
 * the bench's own, port 7691, and kept): wall time per step and the process's peak RSS.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    papers: { type: 'string', default: '100000' },
    samples: { type: 'string', default: '256' },
  },
});
const corpus = requireFile(
  positionals[0] ?? '../shared/corpus/arxiv-100k.jsonl.gz',
  'give the corpus to read as the first argument',
);
const log = (line: string) => console.error(line);

const { db } = await database(log, { home: '.data/neo4j-bench-analytics', port: 7691 });
try {
  await load(db, corpus, Number(values.papers), log);
  const papers = await count(db, 'MATCH (p:Paper) RETURN count(p)');
  const baseline = process.resourceUsage().maxRSS / 1024;
  const started = performance.now();
  const summary = await runAnalytics(db, {
    betweennessSamples: Number(values.samples),
    onStep: (s, d) => log(`${s}: ${d}`),
  });
  const seconds = (performance.now() - started) / 1000;
  const peak = process.resourceUsage().maxRSS / 1024;
  console.log(
    `\n${papers} papers: topic graph ${summary.topics.nodes} nodes, ${summary.topics.edges} edges; paper graph ${summary.papers.nodes} nodes, ${summary.papers.edges} edges\n`,
  );
  console.log('| step | seconds |\n| --- | ---: |');
  for (const [step, ms] of Object.entries(summary.timings))
    console.log(`| ${step} | ${(ms / 1000).toFixed(1)} |`);
  console.log(`| total | ${seconds.toFixed(1)} |`);
  console.log(
    `\npeak RSS ${peak.toFixed(0)} MB (${baseline.toFixed(0)} MB before analytics); targets: < 60 s ${seconds < 60 ? '✓' : '✗'}, < 2 GB ${peak < 2048 ? '✓' : '✗'}`,
  );
} finally {
  await db.close();
}
