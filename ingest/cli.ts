import { Command, InvalidArgumentError, Option } from 'commander';
import { runAnalytics } from '../src/analytics/run.ts';
import { exitOnError } from '../src/cli-errors.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import type { Database } from '../src/db/driver.ts';
import { graphCounts } from '../src/db/ingest-repo.ts';
import type { RecordProblem, SourceItem } from '../src/domain/record.ts';
import { InputError } from '../src/errors.ts';
import { DEFAULT_PART_SIZE, extractShard } from './extract-shard.ts';
import { EXTRACTOR_VERSION, type IngestSummary, ingest, openChecked } from './index.ts';
import { loadExtracted } from './load.ts';
import { phaseBar, progress } from './progress.ts';
import { parseShard, type ShardSpec } from './shards.ts';
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
  .enablePositionalOptions()
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

const peakRss = () => `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;

/** Stops reading at the first Ctrl-C; a second one exits at once. */
function interruption(what: string): { signal: AbortSignal; interrupted: () => boolean } {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    console.error(`interrupted: ${what} (Ctrl-C again to abort)`);
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  return { signal: controller.signal, interrupted: () => controller.signal.aborted };
}

/** The graph's size after a run, then analytics when asked for. */
async function finish(db: Database, analytics: boolean): Promise<void> {
  const counts = await graphCounts(db);
  console.log(`graph: ${counts.papers} papers, ${counts.topics} topics, ${counts.mentions} mentions`);
  if (!analytics) return;
  const result = await runAnalytics(db, {
    onStep: (step, detail) => console.error(`analytics ${step}: ${detail}`),
  });
  console.log(
    `analytics: ${result.topics.nodes} topics in ${result.topics.communities} communities, ${result.papers.nodes} papers ranked`,
  );
}

async function main(paths: string[], options: Options): Promise<number> {
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

  const stop = interruption('finishing the batches in flight, then stopping');

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
        signal: stop.signal,
        onProblem: report,
        onProgress: (stats) =>
          bar.update(stats, input.meter?.total ? input.meter.read / input.meter.total : undefined),
      }).finally(() => bar.stop());
      printSummary(summary, options.dryRun);
      if (stop.interrupted()) break;
    }
    if (db) {
      await finish(db, options.analytics && !stop.interrupted());
    }
  } finally {
    await db?.close();
  }
  console.error(peakRss());
  if (stop.interrupted()) return 130;
  return 0;
}

interface ExtractOptions {
  out: string;
  shard: ShardSpec;
  format: Format;
  limit?: number;
  workers?: number;
  strict: boolean;
  partSize: number;
}

program
  .command('extract')
  .description(
    'Extracts every n-th record of a source into compressed extraction files (resumable: run it again after a kill); shards can run on different machines, then `load` reads them all',
  )
  .argument(
    '<source>',
    'file to extract (seed page text, JSON Lines, gzip or not, arXiv Atom XML; - for stdin)',
  )
  .requiredOption('--out <dir>', 'folder for the extraction files (a manifest and parts per shard)')
  .option('--shard <i/n>', 'extract records i, i+n, i+2n, … of the source (0-based)', parseShard, {
    index: 0,
    count: 1,
  })
  .addOption(new Option('--format <format>', 'input format').choices([...FORMATS]).default('auto'))
  .option('--limit <n>', 'read at most n records of the source, before sharding', positiveInt('--limit', 1e9))
  .option('--workers <n>', 'extraction worker threads (0: none)', positiveInt('--workers', 64))
  .option('--strict', 'stop at the first malformed record instead of skipping it', false)
  .option(
    '--part-size <n>',
    'records per part file (what a kill can lose)',
    positiveInt('--part-size', 1e6),
    DEFAULT_PART_SIZE,
  )
  .action(async (source: string, options: ExtractOptions) => {
    const meter: Meter = { read: 0 };
    const items = await openChecked(source, options.format, meter);
    const stop = interruption('finishing the parts in flight, then stopping; run again to resume');
    const label = `extract ${options.shard.index}/${options.shard.count}`;
    const bar = progress(label);
    const summary = await extractShard(source, items, {
      shard: options.shard,
      out: options.out,
      workers: options.workers,
      limit: options.limit,
      partSize: Math.max(1, options.partSize),
      strict: options.strict,
      signal: stop.signal,
      onProblem: report,
      onProgress: (s) =>
        bar.update(
          { read: s.read, written: s.papers } as IngestSummary,
          meter.total ? meter.read / meter.total : undefined,
        ),
    }).finally(() => bar.stop());
    const rate = summary.read > 0 ? ` at ${((summary.read * 1000) / summary.ms).toFixed(1)} papers/s` : '';
    console.log(
      `${label} of ${source}: ${summary.done ? 'done' : 'stopped, run again to resume'}; ${summary.papers} papers in ${summary.parts} parts (${summary.read} read now${rate}, ${summary.resumed} before, ${summary.skipped} skipped) in ${options.out}; ${peakRss()}`,
    );
    process.exit(stop.interrupted() ? 130 : 0);
  });

interface LoadCliOptions {
  bulk: boolean;
  keepCsv: boolean;
  batchSize: number;
  derive: boolean;
  analytics: boolean;
}

program
  .command('load')
  .description(
    'Loads extraction folders into the graph: through transactions (any database), or with --bulk by neo4j-admin import into the empty local database',
  )
  .argument('<dirs...>', 'folders of extraction files (every shard of each source must be there)')
  .option(
    '--bulk',
    'initial load: neo4j-admin import into the empty local Neo4j, then indexes and the derived graph',
    false,
  )
  .option('--keep-csv', 'keep the CSVs written for the importer', false)
  .option(
    '--batch-size <n>',
    'papers per write transaction (without --bulk)',
    positiveInt('--batch-size', 10000),
    250,
  )
  .option('--no-derive', 'skip co-occurrence, similarity and hierarchy')
  .option('--analytics', 'then recompute PageRank, communities and betweenness', false)
  .action(async (dirs: string[], options: LoadCliOptions) => {
    const config = loadConfig();
    const stop = interruption(
      options.bulk
        ? 'stopping before the import; once it is under way, the load runs to its end'
        : 'finishing the batches in flight, then stopping',
    );
    const bars = new Map<string, ReturnType<typeof phaseBar>>();
    const names: Record<string, [string, string]> = {
      csv: ['CSV', 'papers'],
      import: ['import', '%'],
      indexes: ['indexes', 'of'],
      derive: ['derived', 'steps'],
    };
    const bar = progress('load');
    const summary = await loadExtracted(dirs, config, {
      bulk: options.bulk,
      keepCsv: options.keepCsv,
      batchSize: options.batchSize,
      derive: options.derive,
      signal: stop.signal,
      log: (l) => console.error(l),
      onPhase: (phase, done, total, detail) => {
        const [label, unit] = names[phase] ?? [phase, ''];
        if (!bars.has(phase)) bars.set(phase, phaseBar(label, unit));
        bars.get(phase)?.update(done, total, detail);
      },
      onPhaseEnd: (phase) => bars.get(phase)?.stop(),
      onProgress: (stats) => bar.update(stats),
    }).finally(() => {
      bar.stop();
      for (const b of bars.values()) b.stop();
    });
    const seconds = Object.entries(summary.timings)
      .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`)
      .join(', ');
    console.log(
      `loaded ${summary.papers} papers${options.bulk ? ' (bulk import)' : ''} from ${summary.sources.join(', ')}: ${summary.topicsCreated} topics created, ${options.bulk ? `${summary.duplicates} duplicates, ` : ''}${summary.skipped} skipped; ${seconds}; ${peakRss()}`,
    );
    const db = await openDatabase(config, () => {});
    try {
      await finish(db, options.analytics && !stop.interrupted());
    } finally {
      await db.close();
    }
    process.exit(stop.interrupted() ? 130 : 0);
  });

program.action(async (paths: string[], options: Options) => process.exit(await main(paths, options)));
program.parseAsync().catch(exitOnError);
