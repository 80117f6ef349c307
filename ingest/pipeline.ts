import type { Database } from '../src/db/driver.ts';
import { applyConstraints } from '../src/db/schema.ts';
import { type PaperWrite, writePaperBatch } from '../src/db/writes.ts';
import { EXTRACTOR_VERSION, extract } from './extract.ts';
import type { PaperRecord } from './record.ts';
import { readSeedText } from './sources/seed-text.ts';

export interface IngestSummary {
  source: string;
  read: number;
  written: number;
  topicsCreated: number;
  topicsDeleted: number;
}

export const DEFAULT_BATCH_SIZE = 200;

/** parse → extract (clean, candidates, normalise, rank) → write, one transaction per batch. */
export function toWrite(record: PaperRecord): PaperWrite {
  return {
    id: record.id,
    title: record.title,
    abstract: record.abstract,
    source: record.source,
    position: record.position,
    mentions: extract(record.title, record.abstract),
  };
}

export async function ingestRecords(
  db: Database,
  source: string,
  records: PaperRecord[],
  options: { batchSize?: number; dryRun?: boolean } = {},
): Promise<IngestSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const summary: IngestSummary = {
    source,
    read: records.length,
    written: 0,
    topicsCreated: 0,
    topicsDeleted: 0,
  };
  const papers = records.map(toWrite);
  if (options.dryRun) return summary;
  await applyConstraints(db);
  for (let i = 0; i < papers.length; i += batchSize) {
    const result = await writePaperBatch(db, papers.slice(i, i + batchSize), EXTRACTOR_VERSION);
    summary.written += result.papers;
    summary.topicsCreated += result.topicsCreated;
    summary.topicsDeleted += result.topicsDeleted;
  }
  return summary;
}

/** Reads and validates the whole seed file before writing, so a bad file writes nothing. */
export async function ingestSeedFile(
  db: Database,
  file: string,
  options: { batchSize?: number; dryRun?: boolean } = {},
): Promise<IngestSummary> {
  const records = await readSeedText(file);
  return ingestRecords(db, file, records, options);
}
