import type { Database } from './driver.ts';
import { readRecords } from './executor.ts';
import { int, toNumber } from './values.ts';

export interface StoredPaperText {
  id: string;
  title: string;
  abstract: string;
  published: string | null;
  updated: string | null;
  url: string | null;
  doi: string | null;
  source: string | null;
  position: number;
  authors: string[];
  categories: string[];
}

/** One page, by id, of the papers an extractor other than `version` read. */
export async function papersExtractedBy(
  db: Database,
  notVersion: string,
  afterId: string,
  limit: number,
): Promise<StoredPaperText[]> {
  const records = await readRecords(
    db,
    `MATCH (p:Paper) WHERE p.id > $after AND coalesce(p.extractor, '') <> $version
       WITH p ORDER BY p.id LIMIT $limit
       RETURN p.id AS id, p.title AS title, p.abstract AS abstract, toString(p.published) AS published,
              toString(p.updated) AS updated, p.url AS url, p.doi AS doi, p.source AS source,
              coalesce(p.position, 0) AS position,
              COLLECT { MATCH (a:Author)-[r:AUTHORED]->(p) RETURN a.name ORDER BY r.position } AS authors,
              COLLECT { MATCH (p)-[:IN_CATEGORY]->(c:Category) RETURN c.code ORDER BY c.code } AS categories`,
    { after: afterId, version: notVersion, limit: int(limit) },
  );
  return records.map((r) => {
    const row = r.toObject() as StoredPaperText & { position: unknown };
    return { ...row, position: toNumber(row.position) };
  });
}
