import { Command, InvalidArgumentError, Option } from 'commander';
import { runAnalytics } from '../src/analytics/run.ts';
import { exitOnError } from '../src/cli-errors.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import type { Database } from '../src/db/driver.ts';
import { graphCounts } from '../src/db/ingest-repo.ts';
import type { RecordProblem, SourceItem } from '../src/domain/record.ts';
import { InputError } from '../src/errors.ts';
import { EXTRACTOR_VERSION, type IngestSummary, ingest, openChecked } from './index.ts';
import { progress } from './progress.ts';
import { fetchArxiv } from './sources/arxiv-api.ts';
import { FORMATS, type Format, type Meter } from './sources/index.ts';
import { storedPapers } from './sources/stored.ts';

function positiveInt(name: string, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > max)
      throw new InvalidArgumentError(`${name} must be an integer from 0 to ${max}`);
    return n;
  };
}

const program = new Command()
  .name('npm run ingest --')
  .description('Reads papers, extracts their topics and writes them into Neo4j.')
  .argument(
    '[paths...]',
    'files to ingest: seed page text, JSON Lines (gzip or not), arXiv Atom XML; - for stdin',
  )
  .addOption(new Option('--format <format>', 'input format').choices([...FORMATS]).default('auto'))
  .option('--limit <n>', 'stop after n papers (per input)', positiveInt('--limit', 1e9))
  .option('--dry-run', 'read and extract, write nothing (and connect to no database)', false)
  .option('--strict', 'stop at the first malformed record instead of skipping it', false)
  .option('--arxiv <query>', 'fetch papers from the arXiv API, e.g. "cat:cs.LG AND ti:transformer"')
  .option('--max <n>', 'at most n papers from --arxiv', positiveInt('--max', 30000), 100)
  .option(
    '--reextract',
    "extract again every paper of the graph an older extractor read, bringing the graph's topics to this version",
    false,
  )
  .option('--batch-size <n>', 'papers per write transaction', positiveInt('--batch-size', 10000), 250)
  .option('--workers <n>', 'extraction worker threads (0: none)', positiveInt('--workers', 64))
  .option('--no-derive', 'skip co-occurrence, similarity and hierarchy updates')
  .option('--analytics', 'then recompute PageRank, communities and betweenness (npm run analytics)', false)
  .showHelpAfterError();

interface Options {
  format: Format;
  limit?: number;
  dryRun: boolean;
  strict: boolean;
  arxiv?: string;
  max: number;
  reextract: boolean;
  batchSize: number;
  workers?: number;
  derive: boolean;
  analytics: boolean;
}

function report(problem: RecordProblem): void {
  console.error(`skipped ${problem.source}:${problem.line}: ${problem.reason}`);
}

function printSummary(s: IngestSummary, dryRun: boolean): void {
  const parts = [
    `read ${s.read}`,
    `written ${s.written}`,
    `unchanged ${s.unchanged}`,
    `skipped ${s.skipped}`,
  ];
  if (!dryRun) parts.push(`topics created ${s.topicsCreated}`);
  console.log(`${s.source}: ${parts.join(', ')}${dryRun ? ' (dry run: nothing written)' : ''}`);
}

async function main(): Promise<number> {
  program.parse();
  const paths = program.args;
  const options = program.opts<Options>();
  if (paths.length === 0 && !options.arxiv && !options.reextract) {
    throw new InputError(
      '(arguments)',
      'no input: give one or more files, - for stdin, --arxiv "<query>" or --reextract',
    );
  }
  if (options.reextract && options.dryRun) {
    throw new InputError('--reextract', 'reads the graph, so it cannot run with --dry-run');
  }
  if (paths.filter((p) => p === '-').length > 1) {
    throw new InputError('(arguments)', '- (standard input) can be given only once');
  }
  // Whole-file problems (missing, empty, a seed page out of step) stop the run before anything is written.
  const inputs: { name: string; items: AsyncIterable<SourceItem>; meter?: Meter }[] = [];
  for (const path of paths) {
    const meter: Meter = { read: 0 };
    const name = path === '-' ? '(stdin)' : path;
    inputs.push({ name, items: await openChecked(path, options.format, meter), meter });
  }

  const controller = new AbortController();
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    console.error('interrupted: finishing the batches in flight, then stopping (Ctrl-C again to abort)');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });

  const db: Database | null = options.dryRun
    ? null
    : await openDatabase(loadConfig(), (l) => console.error(l));
  try {
    if (options.reextract && db) {
      inputs.push({ name: 'graph (re-extract)', items: storedPapers(db, EXTRACTOR_VERSION) });
    }
    if (options.arxiv) {
      inputs.push({
        name: `arxiv:${options.arxiv}`,
        items: fetchArxiv({ query: options.arxiv, max: options.max, log: (l) => console.error(l) }),
      });
    }
    for (const input of inputs) {
      const bar = progress(input.name);
      const summary = await ingest(db, input.name, input.items, {
        batchSize: options.batchSize,
        workers: options.workers,
        strict: options.strict,
        dryRun: options.dryRun,
        limit: options.limit,
        derive: options.derive,
        signal: controller.signal,
        onProblem: report,
        onProgress: (stats) =>
          bar.update(stats, input.meter?.total ? input.meter.read / input.meter.total : undefined),
      }).finally(() => bar.stop());
      printSummary(summary, options.dryRun);
      if (interrupted) break;
    }
    if (db) {
      const counts = await graphCounts(db);
      console.log(`graph: ${counts.papers} papers, ${counts.topics} topics, ${counts.mentions} mentions`);
      if (options.analytics && !interrupted) {
        const analytics = await runAnalytics(db, {
          onStep: (step, detail) => console.error(`analytics ${step}: ${detail}`),
        });
        console.log(
          `analytics: ${analytics.topics.nodes} topics in ${analytics.topics.communities} communities, ${analytics.papers.nodes} papers ranked`,
        );
      }
    }
  } finally {
    await db?.close();
  }
  if (interrupted) return 130;
  return 0;
}

main().then((code) => process.exit(code), exitOnError);
