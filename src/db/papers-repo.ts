import type { Record as Neo4jRecord } from 'neo4j-driver';
import type { Database } from './driver.ts';
import { int, readRows, toNumber, toNumbers } from './query.ts';

export interface PaperRow {
  id: string;
  title: string;
  abstract: string;
  source: string | null;
}

export interface MentionRow {
  field: 'title' | 'abstract';
  start: number;
  end: number;
}

export interface PaperTopicRow {
  topicKey: string;
  topicName: string;
  topicAliases: string[];
  paperCount: number;
  score: number;
  count: number;
  mentions: MentionRow[];
}

export function toPaper(record: Neo4jRecord, key = 'p'): PaperRow {
  const p = record.get(key) as { properties: Record<string, unknown> };
  return {
    id: String(p.properties.id),
    title: String(p.properties.title ?? ''),
    abstract: String(p.properties.abstract ?? ''),
    source: (p.properties.source as string | undefined) ?? null,
  };
}

export function toMentions(fields: unknown, starts: unknown, ends: unknown): MentionRow[] {
  const f = Array.isArray(fields) ? (fields as string[]) : [];
  const s = toNumbers(starts);
  const e = toNumbers(ends);
  return f.map((field, i) => ({
    field: field === 'title' ? 'title' : 'abstract',
    start: s[i] ?? 0,
    end: e[i] ?? 0,
  }));
}

/** Papers in the order they were added, and within one source in the source's order. */
export class PapersRepo {
  constructor(private readonly db: Database) {}

  async count(): Promise<number> {
    const [n] = await readRows(this.db, 'MATCH (p:Paper) RETURN count(p) AS n', {}, (r) =>
      toNumber(r.get('n')),
    );
    return n ?? 0;
  }

  list(offset: number, limit: number): Promise<PaperRow[]> {
    return readRows(
      this.db,
      `MATCH (p:Paper)
       RETURN p ORDER BY p.addedAt, p.position, p.id
       SKIP $offset LIMIT $limit`,
      { offset: int(offset), limit: int(limit) },
      (r) => toPaper(r),
    );
  }

  async byId(id: string): Promise<PaperRow | null> {
    const [row] = await readRows(this.db, 'MATCH (p:Paper {id: $id}) RETURN p', { id }, (r) => toPaper(r));
    return row ?? null;
  }

  byIds(ids: readonly string[]): Promise<PaperRow[]> {
    return readRows(this.db, 'UNWIND $ids AS id MATCH (p:Paper {id: id}) RETURN p', { ids }, (r) =>
      toPaper(r),
    );
  }

  async topicCount(paperId: string): Promise<number> {
    const [n] = await readRows(
      this.db,
      'MATCH (:Paper {id: $id})-[m:MENTIONS]->(:Topic) RETURN count(m) AS n',
      { id: paperId },
      (r) => toNumber(r.get('n')),
    );
    return n ?? 0;
  }

  topics(paperId: string, offset: number, limit: number): Promise<PaperTopicRow[]> {
    return readRows(
      this.db,
      `MATCH (:Paper {id: $id})-[m:MENTIONS]->(t:Topic)
       RETURN t.key AS key, t.name AS name, coalesce(t.aliases, []) AS aliases, t.paperCount AS paperCount, m
       ORDER BY m.score DESC, t.key
       SKIP $offset LIMIT $limit`,
      { id: paperId, offset: int(offset), limit: int(limit) },
      (r) => {
        const m = (r.get('m') as { properties: Record<string, unknown> }).properties;
        return {
          topicKey: String(r.get('key')),
          topicName: String(r.get('name')),
          topicAliases: r.get('aliases') as string[],
          paperCount: toNumber(r.get('paperCount')),
          score: toNumber(m.score),
          count: toNumber(m.count),
          mentions: toMentions(m.fields, m.starts, m.ends),
        };
      },
    );
  }
}
