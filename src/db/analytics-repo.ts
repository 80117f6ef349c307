import type { Database } from './driver.ts';
import { stream, write, writeAutoCommit, writeTransaction } from './executor.ts';
import { int, toNumber } from './values.ts';

/** Reads the graphs analytics run on, streamed, and writes their results back. */

export interface WeightedEdge {
  source: string;
  target: string;
  weight: number;
}

/** Co-occurrences, weighted by papers × max(pmi, 0) (a pair with no lift does not hold topics together). */
export function streamCoOccurrences(db: Database, onEdge: (edge: WeightedEdge) => void): Promise<number> {
  return stream(
    db,
    `MATCH (a:Topic)-[c:CO_OCCURS]->(b:Topic)
     RETURN a.key AS a, b.key AS b, c.papers * CASE WHEN c.pmi > 0 THEN c.pmi ELSE 0.0 END AS w`,
    {},
    (get) => onEdge({ source: get('a') as string, target: get('b') as string, weight: toNumber(get('w')) }),
  );
}

export function streamSimilarities(db: Database, onEdge: (edge: WeightedEdge) => void): Promise<number> {
  return stream(
    db,
    'MATCH (a:Paper)-[s:SIMILAR_TO]->(b:Paper) RETURN a.id AS a, b.id AS b, s.score AS w',
    {},
    (get) => onEdge({ source: get('a') as string, target: get('b') as string, weight: toNumber(get('w')) }),
  );
}

/**
 * Each paper's concepts in two or more papers, its `perPaper` best first: what the topic graph of
 * communities and PageRank is built from, so that every such concept has a place in it.
 */
export function streamPaperConcepts(
  db: Database,
  perPaper: number,
  onPaper: (keys: string[]) => void,
): Promise<number> {
  return stream(
    db,
    `MATCH (p:Paper)
     CALL (p) {
       MATCH (p)-[m:MENTIONS]->(t:Topic) WHERE t.paperCount >= 2
       WITH t ORDER BY m.score DESC, t.key LIMIT $perPaper
       RETURN collect(t.key) AS keys
     }
     WITH keys WHERE size(keys) > 0
     RETURN keys`,
    { perPaper: int(perPaper) },
    (get) => onPaper(get('keys') as string[]),
  );
}

/** The concepts the topic graph holds: topics in two or more papers. */
export async function conceptKeys(db: Database): Promise<string[]> {
  const keys: string[] = [];
  await stream(db, 'MATCH (t:Topic) WHERE t.paperCount >= 2 RETURN t.key AS key ORDER BY key', {}, (get) =>
    keys.push(get('key') as string),
  );
  return keys;
}

/** For each concept, the concepts (in two or more papers) of the papers related to its papers. */
export async function relatedPaperConcepts(db: Database, keys: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < keys.length; i += 1000) {
    await stream(
      db,
      `UNWIND $keys AS key
       MATCH (t:Topic {key: key})
       RETURN key, COLLECT {
         MATCH (t)<-[:MENTIONS]-(:Paper)-[:SIMILAR_TO]-(:Paper)-[:MENTIONS]->(o:Topic)
         WHERE o.paperCount >= 2 AND o <> t
         RETURN o.key
       } AS near`,
      { keys: keys.slice(i, i + 1000) },
      (get) => out.set(get('key') as string, get('near') as string[]),
    );
  }
  return out;
}

export interface TopicInfo {
  key: string;
  name: string;
  paperCount: number;
}

export async function topicInfo(db: Database, keys: string[]): Promise<TopicInfo[]> {
  const out: TopicInfo[] = [];
  await stream(
    db,
    'UNWIND $keys AS key MATCH (t:Topic {key: key}) RETURN t.key AS key, t.name AS name, t.paperCount AS n',
    { keys },
    (get) =>
      out.push({ key: get('key') as string, name: get('name') as string, paperCount: toNumber(get('n')) }),
  );
  return out;
}

export interface TopicMetrics {
  key: string;
  pagerank: number;
  community: number;
  betweenness: number;
  degree: number;
}

const BATCH = 20_000;

/** Writes the metrics of the topics in the co-occurrence graph, then clears older ones from the others. */
export async function writeTopicMetrics(db: Database, rows: TopicMetrics[], at: string): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await write(
      db,
      `UNWIND $rows AS r
       MATCH (t:Topic {key: r.key})
       SET t.pagerank = r.pagerank, t.community = r.community, t.betweenness = r.betweenness,
           t.degree = r.degree, t.analyticsAt = datetime($at)`,
      {
        rows: rows
          .slice(i, i + BATCH)
          .map((r) => ({ ...r, community: int(r.community), degree: int(r.degree) })),
        at,
      },
    );
  }
  await writeAutoCommit(
    db,
    `MATCH (t:Topic) WHERE t.analyticsAt IS NOT NULL AND t.analyticsAt <> datetime($at)
     CALL (t) { REMOVE t.pagerank, t.community, t.betweenness, t.degree, t.analyticsAt } IN TRANSACTIONS OF 20000 ROWS`,
    { at },
  );
}

export interface PaperMetrics {
  id: string;
  pagerank: number;
  community: number;
}

export async function writePaperMetrics(db: Database, rows: PaperMetrics[], at: string): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await write(
      db,
      `UNWIND $rows AS r
       MATCH (p:Paper {id: r.id})
       SET p.pagerank = r.pagerank, p.community = r.community, p.analyticsAt = datetime($at)`,
      { rows: rows.slice(i, i + BATCH).map((r) => ({ ...r, community: int(r.community) })), at },
    );
  }
}

export interface CommunityWrite {
  id: number;
  size: number;
  /** Its most central topics' names, the most central first. */
  label: string;
  top: string[];
}

/**
 * Replaces the topic communities: (:Community {id, size, label, top}); topics carry its id as `community`.
 * One transaction: a rewrite that fails part way leaves the previous communities, not none.
 */
export async function writeCommunities(
  db: Database,
  communities: CommunityWrite[],
  at: string,
): Promise<void> {
  const rows = communities.map((c) => ({ ...c, id: int(c.id), size: int(c.size) }));
  await writeTransaction(db, async (tx) => {
    await tx.run('MATCH (c:Community) DETACH DELETE c');
    for (let i = 0; i < rows.length; i += BATCH) {
      await tx.run(
        `UNWIND $rows AS r
         CREATE (c:Community {id: r.id, size: r.size, label: r.label, top: r.top, computedAt: datetime($at)})`,
        { rows: rows.slice(i, i + BATCH), at },
      );
    }
  });
}

export interface ExportEdge {
  a: ExportTopic;
  b: ExportTopic;
  papers: number;
  pmi: number;
}

export interface ExportTopic {
  key: string;
  name: string;
  paperCount: number;
  pagerank: number | null;
  community: number | null;
}

/** Co-occurrences between topics of at least `minPapers` papers, with both topics' attributes, streamed. */
export function streamTopicGraph(
  db: Database,
  minPapers: number,
  onEdge: (edge: ExportEdge) => void,
): Promise<number> {
  const topic = (get: (key: string) => unknown, prefix: string): ExportTopic => {
    const v = get(prefix) as Record<string, unknown>;
    return {
      key: v.key as string,
      name: (v.name as string) ?? (v.key as string),
      paperCount: toNumber(v.paperCount),
      pagerank: v.pagerank === null || v.pagerank === undefined ? null : toNumber(v.pagerank),
      community: v.community === null || v.community === undefined ? null : toNumber(v.community),
    };
  };
  return stream(
    db,
    `MATCH (a:Topic)-[c:CO_OCCURS]->(b:Topic)
     WHERE a.paperCount >= $min AND b.paperCount >= $min
     RETURN a {.key, .name, .paperCount, .pagerank, .community} AS a,
            b {.key, .name, .paperCount, .pagerank, .community} AS b, c.papers AS papers, c.pmi AS pmi`,
    { min: int(minPapers) },
    (get) =>
      onEdge({
        a: topic(get, 'a'),
        b: topic(get, 'b'),
        papers: toNumber(get('papers')),
        pmi: toNumber(get('pmi')),
      }),
  );
}
