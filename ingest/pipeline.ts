import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Database } from '../src/db/driver.ts';
import {
  countCreatedTopics,
  type PaperWrite,
  recordIngestRun,
  recountTopics,
  storedPapers,
  writePaperBatch,
} from '../src/db/ingest-repo.ts';
import { applyConstraints } from '../src/db/schema.ts';
import { authorKey, authorName } from '../src/domain/authors.ts';
import { contentHash } from '../src/domain/identity.ts';
import type { PaperRecord, RecordProblem, SourceItem } from '../src/domain/record.ts';
import { InputError } from '../src/errors.ts';
import { deriveGraph } from './derive.ts';
import { EXTRACTOR_VERSION, type Extraction } from './extract.ts';
import { type ExtractResult, type ExtractTask, extractOne } from './worker.ts';

export interface IngestOptions {
  batchSize?: number;
  /** Worker threads for extraction; 0 extracts on the main thread. */
  workers?: number;
  strict?: boolean;
  dryRun?: boolean;
  limit?: number;
  /** Recompute co-occurrence, similarity, hierarchy and aliases for what the run touched. */
  derive?: boolean;
  onProblem?: (problem: RecordProblem) => void;
  onProgress?: (stats: IngestSummary) => void;
  /** Stops reading; what is in flight is written, the run is recorded as interrupted. */
  signal?: AbortSignal;
}

export interface IngestSummary {
  runId: string;
  source: string;
  read: number;
  written: number;
  unchanged: number;
  skipped: number;
  topicsCreated: number;
  topicsDeleted: number;
  problems: RecordProblem[];
  /** Milliseconds spent waiting on writes and on the derived graph, and when each derived step finished. */
  timings: Record<string, number>;
}

export const DEFAULT_BATCH_SIZE = 500;
const MAX_PROBLEMS_KEPT = 1000;

export function toWrite(record: PaperRecord, extraction: Extraction, hash: string): PaperWrite {
  const seen = new Set<string>();
  const authors = [];
  for (const name of record.authors) {
    const key = authorKey(name);
    if (key && !seen.has(key)) {
      seen.add(key);
      authors.push({ key, name: authorName(name) });
    }
  }
  return {
    id: record.id,
    title: record.title,
    abstract: record.abstract,
    published: record.published,
    updated: record.updated,
    url: record.url,
    doi: record.doi,
    source: record.source,
    position: record.position,
    hash,
    authors,
    categories: [...new Set(record.categories)],
    mentions: extraction.mentions,
    textVector: extraction.textVector,
    definitions: extraction.definitions.map((d) => ({
      short: d.short,
      shortKey: d.shortKey,
      longKey: d.longKey,
      initials: d.initials,
    })),
  };
}

export const hashOf = (r: PaperRecord) =>
  contentHash([
    r.title,
    r.abstract,
    r.published,
    r.updated,
    r.url,
    r.doi,
    r.authors.join('\n'),
    r.categories.join('\n'),
  ]);

/** Extraction runs in a pool of worker threads, or on this thread when asked for none. */
export function extractor(workers: number): {
  run: (tasks: ExtractTask[]) => Promise<ExtractResult[]>;
  close: () => Promise<void>;
} {
  if (workers <= 0) return { run: async (tasks) => tasks.map(extractOne), close: async () => {} };
  const pool = new Piscina({
    filename: new URL('./worker.ts', import.meta.url).href,
    execArgv: ['--import', 'tsx'],
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 5_000,
  });
  return { run: (tasks) => pool.run(tasks) as Promise<ExtractResult[]>, close: () => pool.destroy() };
}

/**
 * parse → extract → write, streaming: chunks of records are extracted on the worker pool while earlier
 * chunks are written, one transaction per batch; what the run touched is then derived once.
 */
export function ingest(
  db: Database | null,
  source: string,
  items: AsyncIterable<SourceItem>,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const workers = options.workers ?? availableParallelism();
  let pool: ReturnType<typeof extractor> | null = null;
  return run(db, source, items, options, {
    id: (r) => r.id,
    hash: hashOf,
    prepare: async (records, hashes, problem) => {
      pool ??= extractor(workers);
      const extracted = await pool.run(records.map((r) => ({ title: r.title, abstract: r.abstract })));
      const papers: PaperWrite[] = [];
      records.forEach((r, i) => {
        const result = extracted[i] as ExtractResult;
        if ('error' in result) problem({ source: r.source, line: r.line, reason: result.error });
        else papers.push(toWrite(r, result, hashes[i] as string));
      });
      return papers;
    },
    close: async () => {
      await pool?.close();
    },
  });
}

/**
 * Papers extracted before (`ingest extract`), written and derived as `ingest` writes and derives them:
 * the transactional path of `ingest load`.
 */
export function ingestWrites(
  db: Database | null,
  source: string,
  items: AsyncIterable<
    { record: PaperWrite; problem?: undefined } | { problem: RecordProblem; record?: undefined }
  >,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  return run(db, source, items, options, {
    id: (p) => p.id,
    hash: (p) => p.hash,
    prepare: async (papers) => papers,
    close: async () => {},
  });
}

interface Preparer<T> {
  id: (item: T) => string;
  hash: (item: T) => string;
  /** The papers to write of the records that changed, with the hashes of their content. */
  prepare: (records: T[], hashes: string[], problem: (p: RecordProblem) => void) => Promise<PaperWrite[]>;
  close: () => Promise<void>;
}

async function run<T>(
  db: Database | null,
  source: string,
  items: AsyncIterable<{ record: T; problem?: undefined } | { problem: RecordProblem; record?: undefined }>,
  options: IngestOptions,
  preparer: Preparer<T>,
): Promise<IngestSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const workers = options.workers ?? availableParallelism();
  const summary: IngestSummary = {
    runId: randomUUID(),
    source,
    read: 0,
    written: 0,
    unchanged: 0,
    skipped: 0,
    topicsCreated: 0,
    topicsDeleted: 0,
    problems: [],
    timings: { write: 0 },
  };
  const writing = db !== null && !options.dryRun;
  const touchedTopics = new Set<string>();
  const removedTopics = new Set<string>();
  const touchedPapers = new Set<string>();
  const inFlight: Promise<PaperWrite[]>[] = [];
  const maxInFlight = Math.max(2, workers + 1);

  const runRecord = (status: 'running' | 'completed' | 'failed' | 'interrupted', error?: string) =>
    writing && db ? recordIngestRun(db, { ...summary, id: summary.runId, status, error }) : Promise.resolve();

  const write = async (papers: PaperWrite[]) => {
    if (!writing || !db || papers.length === 0) return;
    const started = performance.now();
    const result = await writePaperBatch(db, papers, EXTRACTOR_VERSION, summary.runId);
    summary.timings.write = (summary.timings.write ?? 0) + performance.now() - started;
    summary.written += result.papers;
    for (const key of result.touchedTopics) touchedTopics.add(key);
    for (const key of result.removedTopics) removedTopics.add(key);
    for (const p of papers) touchedPapers.add(p.id);
    options.onProgress?.(summary);
  };

  const problem = (p: RecordProblem) => {
    summary.skipped++;
    if (summary.problems.length < MAX_PROBLEMS_KEPT) summary.problems.push(p);
    options.onProblem?.(p);
    if (options.strict) throw new InputError(p.source, p.reason, p.line);
  };

  const submit = async (chunk: T[]) => {
    // the last record of an id within a chunk wins, as a later line of a file would
    const byId = new Map(chunk.map((r) => [preparer.id(r), r]));
    let records = [...byId.values()];
    const hashes = records.map(preparer.hash);
    let keep = records.map((_, i) => i);
    if (writing && db) {
      const stored = await storedPapers(db, records.map(preparer.id));
      keep = keep.filter((i) => {
        const id = preparer.id(records[i] as T);
        const before = stored.get(id);
        if (before?.version !== `${hashes[i]}|${EXTRACTOR_VERSION}`) return true;
        // unchanged; but a run that was interrupted before deriving leaves that work to this one
        if (!before.derived) {
          touchedPapers.add(id);
          for (const key of before.topics) touchedTopics.add(key);
        }
        return false;
      });
      summary.unchanged += records.length - keep.length;
    }
    records = keep.map((i) => records[i] as T);
    return preparer.prepare(
      records,
      keep.map((i) => hashes[i] as string),
      problem,
    );
  };

  // Writes go one at a time, oldest chunk first, while later chunks are still being extracted; at most
  // maxInFlight chunks are held, so memory stays flat.
  const enqueue = (chunk: T[]) => {
    const pending = submit(chunk);
    pending.catch(() => {});
    inFlight.push(pending);
  };
  const drainOne = async () => {
    const next = inFlight.shift();
    if (next) await write(await next);
  };

  try {
    if (writing && db) {
      await applyConstraints(db);
      await runRecord('running');
    }
    let chunk: T[] = [];
    for await (const item of items) {
      if (options.signal?.aborted) break;
      if (item.problem) {
        problem(item.problem);
        continue;
      }
      if (options.limit !== undefined && summary.read >= options.limit) break;
      summary.read++;
      chunk.push(item.record);
      if (chunk.length >= batchSize) {
        enqueue(chunk);
        chunk = [];
        if (inFlight.length >= maxInFlight) await drainOne();
      }
    }
    if (chunk.length > 0) enqueue(chunk);
    while (inFlight.length > 0) await drainOne();
    if (writing && db && touchedTopics.size > 0) {
      const keys = [...removedTopics];
      for (let i = 0; i < keys.length; i += 2000)
        summary.topicsDeleted += await recountTopics(db, keys.slice(i, i + 2000));
      summary.topicsCreated = await countCreatedTopics(db, summary.runId);
    }
    if (options.signal?.aborted) {
      await runRecord('interrupted');
      return summary;
    }
    if (writing && db && options.derive !== false) {
      const started = performance.now();
      await deriveGraph(
        db,
        { runId: summary.runId, topics: [...touchedTopics], papers: [...touchedPapers] },
        (step, ms) => {
          summary.timings[`derive:${step}`] = ms;
        },
      );
      summary.timings.derive = performance.now() - started;
    }
    await runRecord('completed');
    return summary;
  } catch (error) {
    await Promise.allSettled(inFlight);
    await runRecord('failed', (error as Error).message).catch(() => {});
    throw error;
  } finally {
    await preparer.close();
  }
}

export async function* fromRecords(records: PaperRecord[]): AsyncGenerator<SourceItem> {
  for (const record of records) yield { record };
}
