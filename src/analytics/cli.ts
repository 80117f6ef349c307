import { Command, InvalidArgumentError } from 'commander';
import { exitOnError } from '../cli-errors.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import { applyConstraints } from '../db/schema.ts';
import { runAnalytics } from './run.ts';

/** npm run analytics: PageRank, communities, betweenness and degree, written back to the graph. */
const program = new Command()
  .name('npm run analytics --')
  .description('compute graph measures over the topic and paper graphs and write them back')
  .option(
    '--samples <n>',
    'sources sampled for betweenness',
    (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 100_000)
        throw new InvalidArgumentError('must be an integer from 1 to 100000');
      return n;
    },
    256,
  )
  .parse();

async function main(): Promise<void> {
  const log = (line: string) => console.error(line);
  const db = await openDatabase(loadConfig(), log);
  try {
    await applyConstraints(db);
    const started = performance.now();
    const summary = await runAnalytics(db, {
      betweennessSamples: program.opts<{ samples: number }>().samples,
      onStep: (step, detail) => log(`${step}: ${detail}`),
    });
    console.log(
      `analytics done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${summary.topics.nodes} topics in ${summary.topics.communities} communities, ${summary.papers.nodes} papers in ${summary.papers.communities} communities`,
    );
  } finally {
    await db.close();
  }
}

main().catch(exitOnError);
