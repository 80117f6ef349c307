import type { Database } from '../src/db/driver.ts';
import { InputError } from './errors.ts';
import { type IngestOptions, type IngestSummary, ingest } from './pipeline.ts';
import { type Format, openSource } from './sources/index.ts';

/**
 * Problems that make a whole file unusable (missing, empty, not gzip, a seed page out of step) are found
 * before anything is written; streamed formats report bad records one by one as they come.
 */
export async function precheck(path: string, format: Format): Promise<void> {
  const items = openSource(path, format);
  const first = await items.next();
  await items.return(undefined);
  if (first.done) throw new InputError(path === '-' ? '(stdin)' : path, 'holds no papers');
}

export function ingestFile(
  db: Database | null,
  path: string,
  options: IngestOptions & { format?: Format } = {},
): Promise<IngestSummary> {
  return ingest(db, path, openSource(path, options.format ?? 'auto'), options);
}
