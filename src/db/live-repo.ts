import type { Database } from './driver.ts';
import { readRows } from './executor.ts';
import { int, toNumber } from './values.ts';

/** A paper as written: when, and the keys of every phrase it mentions (topics among them). */
export interface PaperWrite {
  id: string;
  /** When, by Neo4j's clock: ISO 8601 in UTC, and milliseconds since 1970. */
  writtenAt: string;
  writtenMs: number;
  keys: string[];
}

/** Now by the database's clock, which stamps every write: the watcher's first cursor (epoch ms). */
export async function databaseNow(db: Database): Promise<number> {
  const [now] = await readRows(db, 'RETURN datetime().epochMillis AS now', {}, (r) => toNumber(r.get('now')));
  return now ?? Date.now();
}

/** Papers written at or after `sinceMs`, oldest first. */
export function papersWrittenSince(db: Database, sinceMs: number, limit: number): Promise<PaperWrite[]> {
  return readRows(
    db,
    `MATCH (p:Paper) WHERE p.writtenAt >= datetime({epochMillis: $since})
     WITH p ORDER BY p.writtenAt, p.id LIMIT $limit
     RETURN p.id AS id, p.writtenAt.epochMillis AS ms,
            COLLECT { MATCH (p)-[:MENTIONS]->(t:Phrase) RETURN t.key } AS keys`,
    { since: int(sinceMs), limit: int(limit) },
    (r) => {
      const ms = toNumber(r.get('ms'));
      return {
        id: String(r.get('id')),
        writtenAt: new Date(ms).toISOString(),
        writtenMs: ms,
        keys: (r.get('keys') as string[]) ?? [],
      };
    },
  );
}
