import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { PaperWrite } from '../src/db/ingest-repo.ts';
import type { PaperRecord, RecordProblem, SourceItem } from '../src/domain/record.ts';
import { InputError } from '../src/errors.ts';
import { EXTRACTOR_VERSION } from './extract.ts';
import { extractor, hashOf, toWrite } from './pipeline.ts';
import { openShard, type ShardSpec } from './shards.ts';
import type { ExtractResult } from './worker.ts';

export interface ExtractShardOptions {
  shard: ShardSpec;
  out: string;
  workers?: number;
  /** Read at most this many records of the source (before sharding), so shards of a prefix fit together. */
  limit?: number;
  /** Source items per part file: what a kill can lose. */
  partSize?: number;
  strict?: boolean;
  signal?: AbortSignal;
  onProblem?: (problem: RecordProblem) => void;
  onProgress?: (stats: ExtractShardSummary) => void;
}

export interface ExtractShardSummary {
  source: string;
  shard: ShardSpec;
  /** Items of this shard read in this run (resumed ones not counted). */
  read: number;
  papers: number;
  skipped: number;
  /** Items of this shard an earlier run had written. */
  resumed: number;
  parts: number;
  done: boolean;
  ms: number;
}

export const DEFAULT_PART_SIZE = 1000;

/**
 * Extracts every n-th item of a source (shard i/n), on all cores, into compressed part files and a
 * manifest (ingest/shards.ts). Run again with the same arguments, it resumes after the last finished part.
 */
export async function extractShard(
  source: string,
  items: AsyncIterable<SourceItem>,
  options: ExtractShardOptions,
): Promise<ExtractShardSummary> {
  const started = performance.now();
  const { shard } = options;
  const partSize = options.partSize ?? DEFAULT_PART_SIZE;
  const sourceBytes =
    source === '-'
      ? null
      : await stat(source).then(
          (s) => s.size,
          () => null,
        );
  const writer = await openShard(options.out, {
    source,
    sourceBytes,
    shard,
    limit: options.limit ?? null,
    extractor: EXTRACTOR_VERSION,
  });
  const summary: ExtractShardSummary = {
    source,
    shard,
    read: 0,
    papers: writer.manifest.parts.reduce((n, p) => n + p.papers, 0),
    skipped: 0,
    resumed: writer.resumeAfter,
    parts: writer.manifest.parts.length,
    done: writer.manifest.done,
    ms: 0,
  };
  if (writer.manifest.done) return summary;

  const pool = extractor(options.workers ?? availableParallelism());
  // parts are extracted on the pool while earlier ones are written; a part is written only after every
  // part before it, so the manifest lists a prefix of the shard
  const inFlight: Promise<void>[] = [];
  const maxInFlight = Math.max(2, (options.workers ?? availableParallelism()) + 1);
  let writing: Promise<void> = Promise.resolve();
  const submit = (records: PaperRecord[], problems: RecordProblem[], count: number) => {
    const extracted = pool.run(records.map((r) => ({ title: r.title, abstract: r.abstract })));
    const previous = writing;
    writing = (async () => {
      const results = await extracted;
      const papers: PaperWrite[] = [];
      const failed = [...problems];
      records.forEach((r, i) => {
        const result = results[i] as ExtractResult;
        if ('error' in result) failed.push({ source: r.source, line: r.line, reason: result.error });
        else papers.push(toWrite(r, result, hashOf(r)));
      });
      await previous;
      await writer.writePart(papers, count, failed);
      summary.papers += papers.length;
      summary.skipped += failed.length;
      summary.parts++;
      for (const p of failed.slice(problems.length)) options.onProblem?.(p);
      options.onProgress?.(summary);
    })();
    writing.catch(() => {});
    inFlight.push(writing);
  };

  try {
    let index = -1;
    let mine = -1;
    let records: PaperRecord[] = [];
    let problems: RecordProblem[] = [];
    let count = 0;
    let sourceRecords = 0;
    for await (const item of items) {
      if (options.signal?.aborted) break;
      if (item.record) {
        if (options.limit !== undefined && sourceRecords >= options.limit) break;
        sourceRecords++;
      }
      index++;
      if (index % shard.count !== shard.index) continue;
      mine++;
      if (mine < writer.resumeAfter) continue;
      summary.read++;
      count++;
      if (item.problem) {
        if (options.strict) throw new InputError(item.problem.source, item.problem.reason, item.problem.line);
        options.onProblem?.(item.problem);
        problems.push(item.problem);
      } else records.push(item.record);
      if (count >= partSize) {
        submit(records, problems, count);
        records = [];
        problems = [];
        count = 0;
        while (inFlight.length >= maxInFlight) await inFlight.shift();
      }
    }
    if (count > 0) submit(records, problems, count);
    await writing;
    await Promise.all(inFlight);
    if (!options.signal?.aborted) {
      await writer.finish();
      summary.done = true;
    }
    return summary;
  } catch (error) {
    await Promise.allSettled(inFlight);
    throw error;
  } finally {
    summary.ms = performance.now() - started;
    await pool.close();
  }
}
