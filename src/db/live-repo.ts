import type { Database } from './driver.ts';
import { readRows } from './executor.ts';
import { int } from './values.ts';

/** A paper as written: when, and the keys of every phrase it mentions (topics among them). */
export interface PaperWrite {
  id: string;
  /** Neo4j's clock, ISO 8601. */
  writtenAt: string;
  keys: string[];
}

/** Now by the database's clock, which stamps every write: the watcher's first cursor. */
export async function databaseNow(db: Database): Promise<string> {
  const [now] = await readRows(db, 'RETURN toString(datetime()) AS now', {}, (r) => String(r.get('now')));
  return now ?? new Date().toISOString();
}

/** Papers written at or after `since`, oldest first. */
export function papersWrittenSince(db: Database, since: string, limit: number): Promise<PaperWrite[]> {
  return readRows(
    db,
    `MATCH (p:Paper) WHERE p.writtenAt >= datetime($since)
     WITH p ORDER BY p.writtenAt, p.id LIMIT $limit
     RETURN p.id AS id, toString(p.writtenAt) AS writtenAt,
            COLLECT { MATCH (p)-[:MENTIONS]->(t:Phrase) RETURN t.key } AS keys`,
    { since, limit: int(limit) },
    (r) => ({
      id: String(r.get('id')),
      writtenAt: String(r.get('writtenAt')),
      keys: (r.get('keys') as string[]) ?? [],
    }),
  );
}
