import type { Record as Neo4jRecord } from 'neo4j-driver';
import type { Database } from './driver.ts';
import { type MentionRow, type PaperRow, toMentions, toPaper } from './papers-repo.ts';
import { int, readRows, toNumber } from './query.ts';

export interface TopicRow {
  key: string;
  name: string;
  aliases: string[];
  paperCount: number;
}

export interface TopicPaperRow {
  paper: PaperRow;
  score: number;
  count: number;
  mentions: MentionRow[];
}

function toTopic(record: Neo4jRecord, key = 't'): TopicRow {
  const t = record.get(key) as { properties: Record<string, unknown> };
  return {
    key: String(t.properties.key),
    name: String(t.properties.name ?? t.properties.key),
    aliases: Array.isArray(t.properties.aliases) ? (t.properties.aliases as string[]) : [],
    paperCount: toNumber(t.properties.paperCount ?? 0),
  };
}

/** Topics, most-mentioned first. */
export class TopicsRepo {
  constructor(private readonly db: Database) {}

  async count(): Promise<number> {
    const [n] = await readRows(this.db, 'MATCH (t:Topic) RETURN count(t) AS n', {}, (r) =>
      toNumber(r.get('n')),
    );
    return n ?? 0;
  }

  list(offset: number, limit: number): Promise<TopicRow[]> {
    return readRows(
      this.db,
      `MATCH (t:Topic)
       RETURN t ORDER BY t.paperCount DESC, t.key
       SKIP $offset LIMIT $limit`,
      { offset: int(offset), limit: int(limit) },
      (r) => toTopic(r),
    );
  }

  /**
   * The first of the candidate keys that names a topic, or is an acronym of one: callers pass the
   * normalised forms of a name.
   */
  async byKeys(keys: string[]): Promise<TopicRow | null> {
    const [row] = await readRows(
      this.db,
      `UNWIND range(0, size($keys) - 1) AS i
       CALL (i) {
         MATCH (t:Topic {key: $keys[i]}) RETURN t, 0 AS via
         UNION
         MATCH (:Alias {key: $keys[i]})-[:ALIAS_OF]->(t:Topic) RETURN t, 1 AS via
       }
       RETURN t ORDER BY via, i LIMIT 1`,
      { keys },
      (r) => toTopic(r),
    );
    return row ?? null;
  }

  byKeyList(keys: readonly string[]): Promise<TopicRow[]> {
    return readRows(this.db, 'UNWIND $keys AS key MATCH (t:Topic {key: key}) RETURN t', { keys }, (r) =>
      toTopic(r),
    );
  }

  papers(topicKey: string, offset: number, limit: number): Promise<TopicPaperRow[]> {
    return readRows(
      this.db,
      `MATCH (t:Topic {key: $key})<-[m:MENTIONS]-(p:Paper)
       RETURN p, m ORDER BY m.score DESC, p.id
       SKIP $offset LIMIT $limit`,
      { key: topicKey, offset: int(offset), limit: int(limit) },
      (r) => {
        const m = (r.get('m') as { properties: Record<string, unknown> }).properties;
        return {
          paper: toPaper(r),
          score: toNumber(m.score),
          count: toNumber(m.count),
          mentions: toMentions(m.fields, m.starts, m.ends),
        };
      },
    );
  }
}
