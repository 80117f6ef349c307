import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { connect, type Database } from '../src/db/driver.ts';
import { readRecords } from '../src/db/executor.ts';
import { countCreatedTopics, type PaperWrite, recordIngestRun } from '../src/db/ingest-repo.ts';
import { applyConstraints } from '../src/db/schema.ts';
import { toNumber } from '../src/db/values.ts';
import type { RecordProblem } from '../src/domain/record.ts';
import { ExpectedError, InputError } from '../src/errors.ts';
import {
  type ImportProgress,
  importDatabase,
  localOptions,
  startLocalNeo4j,
  stopLocalNeo4j,
} from '../src/local-neo4j/launcher.ts';
import { writeBaseGraph } from './bulk-csv.ts';
import { deriveGraph } from './derive.ts';
import { EXTRACTOR_VERSION } from './extract.ts';
import { type IngestOptions, type IngestSummary, ingestWrites } from './pipeline.ts';
import { findShards, parsePaper, type ShardSet, sourceLines } from './shards.ts';

export interface LoadOptions {
  /** neo4j-admin import into the empty local database, instead of transactions. */
  bulk: boolean;
  /** Where the CSVs go (default: the local server's home, import/<run>); removed after the import. */
  csvDir?: string;
  keepCsv?: boolean;
  derive?: boolean;
  batchSize?: number;
  log?: (line: string) => void;
  /** A phase's progress: CSV writing (papers), import (percent of its step), indexes, derived graph. */
  onPhase?: (phase: LoadPhase, done: number, total: number, detail?: string) => void;
  onPhaseEnd?: (phase: LoadPhase) => void;
  onProgress?: IngestOptions['onProgress'];
  signal?: AbortSignal;
}

export type LoadPhase = 'csv' | 'import' | 'indexes' | 'derive' | 'write';

export interface LoadSummary {
  runId: string;
  sources: string[];
  papers: number;
  duplicates: number;
  /** Records the extraction could not read or extract, from the manifests. */
  skipped: number;
  topicsCreated: number;
  /** Milliseconds per phase. */
  timings: Record<string, number>;
  problems: RecordProblem[];
}

const shardProblems = (sets: ShardSet[]) =>
  sets.flatMap((s) => s.manifests.flatMap((m) => m.manifest.problems));
const shardSkipped = (sets: ShardSet[]) =>
  sets.reduce(
    (n, s) => n + s.manifests.reduce((k, m) => k + m.manifest.parts.reduce((j, p) => j + p.skipped, 0), 0),
    0,
  );

/** Reads extraction folders (`ingest extract`) into the graph, through transactions or neo4j-admin import. */
export async function loadExtracted(
  dirs: string[],
  config: Config,
  options: LoadOptions,
): Promise<LoadSummary> {
  const sets = await findShards(dirs, EXTRACTOR_VERSION);
  return options.bulk ? bulkLoad(sets, config, options) : transactionalLoad(sets, config, options);
}

async function* writesOf(set: ShardSet): AsyncGenerator<{ record: PaperWrite }> {
  for await (const line of sourceLines(set)) yield { record: parsePaper(line) };
}

async function transactionalLoad(
  sets: ShardSet[],
  config: Config,
  options: LoadOptions,
): Promise<LoadSummary> {
  const db = await openDatabase(config, options.log ?? (() => {}));
  const summary: LoadSummary = {
    runId: '',
    sources: sets.map((s) => s.source),
    papers: 0,
    duplicates: 0,
    skipped: shardSkipped(sets),
    topicsCreated: 0,
    timings: {},
    problems: shardProblems(sets),
  };
  try {
    for (const set of sets) {
      const started = performance.now();
      const run: IngestSummary = await ingestWrites(db, set.source, writesOf(set), {
        batchSize: options.batchSize,
        derive: options.derive,
        signal: options.signal,
        onProgress: options.onProgress,
      });
      summary.runId = run.runId;
      summary.papers += run.written;
      summary.topicsCreated += run.topicsCreated;
      summary.timings[set.source] = performance.now() - started;
      if (options.signal?.aborted) break;
    }
    return summary;
  } finally {
    await db.close();
  }
}

async function nodeCount(db: Database): Promise<number> {
  const rows = await readRecords(db, 'MATCH (n) RETURN count(n) AS n');
  return toNumber(rows[0]?.get('n') ?? 0);
}

/**
 * The initial load at import speed: the extracted papers become CSVs, neo4j-admin imports them into the
 * stopped local server, which starts again to build constraints and indexes and derive the graph by the
 * same statements an ingest runs, over everything.
 */
async function bulkLoad(sets: ShardSet[], config: Config, options: LoadOptions): Promise<LoadSummary> {
  const log = options.log ?? (() => {});
  if (config.neo4j.uri !== undefined) {
    throw new InputError(
      '--bulk',
      `NEO4J_URI names a server (${config.neo4j.uri}) where neo4j-admin cannot import: load without --bulk to write through transactions`,
    );
  }
  const local = localOptions(config, log);
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = now - mark;
    mark = now;
  };
  const connectLocal = async () => {
    const handle = await startLocalNeo4j(local);
    return connect({ ...handle, database: config.neo4j.database });
  };

  // a home whose database was never created is empty: no need to start the server to ask
  if (existsSync(path.join(config.local.home, 'data', 'databases', config.neo4j.database))) {
    const check = await connectLocal();
    try {
      const nodes = await nodeCount(check);
      if (nodes > 0) {
        throw new InputError(
          '--bulk',
          `the local database (${config.local.home}) holds ${nodes} nodes and the importer loads only an empty one: load without --bulk to add to it`,
        );
      }
    } finally {
      await check.close();
    }
  }
  // stopped from here on, so that nothing writes to the database the importer replaces
  await stopLocalNeo4j(local);
  lap('check');

  const runId = randomUUID();
  const csvDir = options.csvDir ?? path.join(config.local.home, 'import', runId);
  const phase = options.onPhase ?? (() => {});
  const end = options.onPhaseEnd ?? (() => {});
  const dropCsv = () => (options.keepCsv ? Promise.resolve() : rm(csvDir, { recursive: true, force: true }));
  const base = await writeBaseGraph(sets, {
    dir: csvDir,
    extractor: EXTRACTOR_VERSION,
    runId,
    now: new Date().toISOString(),
    onPaper: (done, total) => {
      if (done % 500 === 0 || done === total) phase('csv', done, total);
    },
  }).catch(async (error: unknown) => {
    await dropCsv();
    throw error;
  });
  end('csv');
  lap('csv');
  if (options.signal?.aborted) {
    await dropCsv();
    throw new ExpectedError(
      'interrupted before the import: the database is as it was (the local server is stopped: npm run db:start)',
    );
  }

  try {
    await stopLocalNeo4j(local);
    await importDatabase({
      home: local.home,
      log,
      database: config.neo4j.database,
      files: base.files,
      onProgress: (p: ImportProgress) =>
        phase('import', (p.step - 1) * 100 + p.percent, p.steps * 100, `step ${p.step}/${p.steps} ${p.name}`),
    });
    end('import');
    lap('import');
  } catch (error) {
    // the database was empty: a failed import leaves none, so the load can simply run again
    for (const dir of ['databases', 'transactions']) {
      await rm(path.join(config.local.home, 'data', dir, config.neo4j.database), {
        recursive: true,
        force: true,
      });
    }
    throw error;
  } finally {
    await dropCsv();
  }

  const db = await connectLocal();
  const summary: LoadSummary = {
    runId,
    sources: sets.map((s) => s.source),
    papers: base.counts.papers,
    duplicates: base.counts.duplicates,
    skipped: shardSkipped(sets),
    topicsCreated: 0,
    timings,
    problems: shardProblems(sets),
  };
  const run = (status: 'running' | 'completed' | 'failed', error?: string) =>
    recordIngestRun(db, {
      id: runId,
      source: summary.sources.join(', '),
      status,
      read: summary.papers + summary.duplicates + summary.skipped,
      written: summary.papers,
      unchanged: 0,
      skipped: summary.skipped,
      topicsCreated: summary.topicsCreated,
      error,
    });
  try {
    lap('restart');
    await applyConstraints(db, (done, total, detail) => phase('indexes', done, total, detail));
    end('indexes');
    lap('indexes');
    summary.topicsCreated = await countCreatedTopics(db, runId);
    await run('running');
    if (options.derive !== false) {
      const steps = ['concepts', 'names', 'cooccurrence', 'similarity', 'growth', 'hierarchy'];
      const finished: string[] = [];
      phase('derive', 0, steps.length, 'aliases and concepts');
      await deriveGraph(
        db,
        { runId, topics: base.phraseKeys, papers: base.paperIds },
        (step, ms) => {
          timings[`derive:${step}`] = ms;
          finished.push(step);
          phase('derive', finished.length, steps.length, `${step} done`);
        },
        { wholeGraph: true },
      );
      end('derive');
      lap('derive');
    }
    await run('completed');
    return summary;
  } catch (error) {
    await run('failed', (error as Error).message).catch(() => {});
    throw error;
  } finally {
    await db.close();
  }
}
