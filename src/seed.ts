import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { IngestSummary } from '../ingest/index.ts';
import type { Database } from './db/driver.ts';
import { PapersRepo } from './db/papers-repo.ts';

const SEED_FILES = /\.(txt|jsonl|jsonl\.gz|xml)$/;

/** Ingests every seed file when the graph has no papers yet; a graph with data is left alone. */
export async function seedIfEmpty(db: Database, seedsDir: string): Promise<IngestSummary[]> {
  if ((await new PapersRepo(db).count()) > 0) return [];
  const files = (await readdir(seedsDir)).filter((f) => SEED_FILES.test(f)).sort();
  // the tagger and the ranker's models load only when there is something to seed
  const { ingestFile } = await import('../ingest/index.ts');
  const summaries: IngestSummary[] = [];
  for (const file of files) summaries.push(await ingestFile(db, path.join(seedsDir, file), { workers: 0 }));
  return summaries;
}
