import { afterAll, beforeAll } from 'vitest';
import { ingestFile } from '../../ingest/index.ts';
import { type App, createApp } from '../../src/app.ts';
import type { Database } from '../../src/db/driver.ts';
import { openTestDatabase, resetGraph } from './db.ts';

/**
 * A file's graph of the 37 seed papers and the app over it: made before the file's tests, closed after.
 * `set` receives them, so that the file keeps its own `db` and `app`.
 */
export function onSeededGraph(set: (seeded: { db: Database; app: App }) => void): void {
  let db: Database | undefined;
  beforeAll(async () => {
    db = await openTestDatabase();
    await resetGraph(db);
    await ingestFile(db, 'seeds/trending-papers.txt', { workers: 0 });
    set({ db, app: createApp(db, { logging: false }) });
  });
  afterAll(async () => {
    await db?.close();
  });
}
