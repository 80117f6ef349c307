import type { Database } from '../src/db/driver.ts';
import type { SourceItem } from '../src/domain/record.ts';
import { InputError } from '../src/errors.ts';
import { type IngestOptions, type IngestSummary, ingest } from './pipeline.ts';
import { type Format, type Meter, openSource } from './sources/index.ts';

/**
 * Opens an input and reads its first record, so that problems that make a whole file unusable (missing,
 * a folder, empty, not gzip, a seed page out of step) are found before anything is written; the records
 * then start again from that first one, without reading the input twice (standard input cannot be).
 * Streamed formats report bad records one by one as they come.
 */
export async function openChecked(
  path: string,
  format: Format,
  meter?: Meter,
): Promise<AsyncGenerator<SourceItem>> {
  const items = openSource(path, format, meter);
  const first = await items.next();
  if (first.done) throw new InputError(path === '-' ? '(stdin)' : path, 'holds no papers');
  return (async function* () {
    yield first.value;
    yield* items;
  })();
}

export function ingestFile(
  db: Database | null,
  path: string,
  options: IngestOptions & { format?: Format } = {},
): Promise<IngestSummary> {
  return ingest(db, path, openSource(path, options.format ?? 'auto'), options);
}
