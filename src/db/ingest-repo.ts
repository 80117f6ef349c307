import type { Database } from './driver.ts';
import { readRecords, write, writeTransaction } from './executor.ts';
import { int, toNumber } from './values.ts';

export interface MentionWrite {
  key: string;
  name: string;
  score: number;
  /** Whether the evidence makes this phrase a concept; a phrase is a Topic while any paper says so. */
  concept: boolean;
  /** A concept only because this paper is about it: a Topic when enough of its papers are. */
  central: boolean;
  count: number;
  fields: string[];
  starts: number[];
  ends: number[];
}

export interface DefinitionWrite {
  short: string;
  shortKey: string;
  longKey: string;
  initials: boolean;
}

export interface AuthorWrite {
  key: string;
  name: string;
}

export interface PaperWrite {
  id: string;
  title: string;
  abstract: string;
  published: string | null;
  updated: string | null;
  url: string | null;
  doi: string | null;
  source: string;
  position: number;
  hash: string;
  authors: AuthorWrite[];
  categories: string[];
  mentions: MentionWrite[];
  definitions: DefinitionWrite[];
  /** A unit vector of the paper's wording, or null: what related papers add to shared phrases. */
  textVector: number[] | null;
}

export interface BatchResult {
  papers: number;
  /** Keys of every topic whose links changed, for the derived graph. */
  touchedTopics: string[];
  /** Topics that lost a paper: those left with none are deleted after the run. */
  removedTopics: string[];
}

// A paper's topic, author and category links are replaced as a whole, so re-ingesting a changed paper
// never leaves stale ones.
const UPSERT_PAPERS = `
UNWIND $papers AS p
MERGE (paper:Paper {id: p.id})
  ON CREATE SET paper.addedAt = datetime()
SET paper.title = p.title, paper.abstract = p.abstract, paper.source = p.source, paper.position = p.position,
    paper.url = p.url, paper.doi = p.doi, paper.hash = p.hash, paper.textVector = p.textVector, paper.extractor = $extractor, paper.derived = false,
    paper.writtenAt = datetime(),
    paper.published = CASE WHEN p.published IS NULL THEN null
                           WHEN size(p.published) = 4 THEN date(p.published + '-01-01')
                           ELSE date(p.published) END,
    paper.year = CASE WHEN p.published IS NULL THEN null ELSE toInteger(left(p.published, 4)) END,
    paper.updated = CASE WHEN p.updated IS NULL THEN null WHEN size(p.updated) = 4 THEN date(p.updated + '-01-01')
                         ELSE date(p.updated) END
WITH paper, p
CALL (paper, p) {
  OPTIONAL MATCH (paper)-[old:MENTIONS]->(gone:Phrase)
  WHERE NOT gone.key IN [m IN p.mentions | m.key]
  DELETE old
  SET gone.paperCount = gone.paperCount - 1
  RETURN collect(gone.key) AS removed
}
CALL (paper, p) {
  UNWIND p.mentions AS m
  MERGE (t:Phrase {key: m.key})
    ON CREATE SET t.name = m.name, t.nameKey = toLower(m.name), t.paperCount = 0, t.createdRun = $runId
  MERGE (paper)-[r:MENTIONS]->(t)
    ON CREATE SET t.paperCount = coalesce(t.paperCount, 0) + 1
  SET r.score = m.score, r.count = m.count, r.fields = m.fields, r.starts = m.starts, r.ends = m.ends,
      r.name = m.name, r.rank = m.rank, r.concept = m.concept, r.central = m.central, r.extractor = $extractor
  FOREACH (_ IN CASE WHEN m.concept AND t.acronymOf IS NULL THEN [1] ELSE [] END | SET t:Topic)
  RETURN count(r) AS linked
}
CALL (paper, p) {
  OPTIONAL MATCH (paper)<-[old:AUTHORED]-(:Author)
  DELETE old
  WITH count(*) AS cleared
  UNWIND p.authors AS a
  MERGE (author:Author {key: a.key}) ON CREATE SET author.name = a.name
  MERGE (author)-[r:AUTHORED]->(paper)
  SET r.position = a.position
  RETURN count(r) AS authors
}
CALL (paper, p) {
  OPTIONAL MATCH (paper)-[old:IN_CATEGORY]->(:Category)
  DELETE old
  WITH count(*) AS cleared
  UNWIND p.categories AS code
  MERGE (c:Category {code: code})
  MERGE (paper)-[:IN_CATEGORY]->(c)
  RETURN count(c) AS categories
}
CALL (paper, p) {
  OPTIONAL MATCH (paper)-[old:DEFINES]->(:Phrase)
  DELETE old
  WITH count(*) AS cleared
  UNWIND p.definitions AS d
  MATCH (long:Phrase {key: d.longKey})
  MERGE (paper)-[r:DEFINES {shortKey: d.shortKey}]->(long)
  SET r.short = d.short, r.initials = d.initials
  RETURN count(r) AS definitions
}
RETURN collect(removed) AS removed`;

const RECOUNT_TOPICS = `
UNWIND $keys AS key
MATCH (t:Phrase {key: key})
WITH t, COUNT { (t)<-[:MENTIONS]-(:Paper) } AS n
SET t.paperCount = n
WITH t WHERE n = 0
DETACH DELETE t
RETURN count(*) AS deleted`;

/**
 * Paper counts are kept in each write transaction; this recounts the given topics from their links and
 * deletes those no paper mentions any more.
 */
export async function recountTopics(db: Database, keys: string[]): Promise<number> {
  const records = await write(db, RECOUNT_TOPICS, { keys });
  return toNumber(records[0]?.get('deleted') ?? 0);
}

export async function countCreatedTopics(db: Database, runId: string): Promise<number> {
  const records = await readRecords(db, 'MATCH (t:Topic {createdRun: $runId}) RETURN count(t) AS n', {
    runId,
  });
  return toNumber(records[0]?.get('n') ?? 0);
}

/** JavaScript numbers reach Neo4j as floats; offsets, counts and positions are integers there. */
function withIntegers(p: PaperWrite) {
  return {
    ...p,
    position: int(p.position),
    authors: p.authors.map((a, i) => ({ ...a, position: int(i) })),
    mentions: p.mentions.map((m, i) => ({
      ...m,
      rank: int(i + 1),
      count: int(m.count),
      starts: m.starts.map(int),
      ends: m.ends.map(int),
    })),
  };
}

// Creating a relationship locks both its ends. A batch locks every node it links first, in one order
// (papers, phrases, authors, categories, each sorted by key), so that two batches writing the same topics
// at once wait for each other instead of deadlocking halfway through their papers.
const LOCK_BATCH = `
CALL () {
  UNWIND $ids AS id
  MERGE (n:Paper {id: id}) ON CREATE SET n.addedAt = datetime()
  SET n._lock = true REMOVE n._lock
}
CALL () {
  UNWIND $topics AS m
  MERGE (n:Phrase {key: m.key})
    ON CREATE SET n.name = m.name, n.nameKey = toLower(m.name), n.paperCount = 0, n.createdRun = $runId
  SET n._lock = true REMOVE n._lock
}
CALL () {
  UNWIND $authors AS a
  MERGE (n:Author {key: a.key}) ON CREATE SET n.name = a.name
  SET n._lock = true REMOVE n._lock
}
CALL () {
  UNWIND $categories AS code
  MERGE (n:Category {code: code})
  SET n._lock = true REMOVE n._lock
}`;

/** The first of each key, in key order. */
function byKey<T>(items: T[], key: (item: T) => string): T[] {
  const first = new Map<string, T>();
  for (const item of items) if (!first.has(key(item))) first.set(key(item), item);
  return [...first.keys()].sort().map((k) => first.get(k) as T);
}

/**
 * Writes one batch of papers and their links in one transaction, retried on deadlocks by the driver and,
 * past its retry budget, again (retryConflicts).
 */
export async function writePaperBatch(
  db: Database,
  papers: PaperWrite[],
  extractor: string,
  runId: string,
): Promise<BatchResult> {
  const locks = {
    ids: papers.map((p) => p.id).sort(),
    topics: byKey(
      papers.flatMap((p) => p.mentions.map((m) => ({ key: m.key, name: m.name }))),
      (m) => m.key,
    ),
    authors: byKey(
      papers.flatMap((p) => p.authors),
      (a) => a.key,
    ),
    categories: [...new Set(papers.flatMap((p) => p.categories))].sort(),
    runId,
  };
  return writeTransaction(
    db,
    async (tx) => {
      await tx.run(LOCK_BATCH, locks);
      const linked = [...new Set(papers.flatMap((p) => p.mentions.map((m) => m.key)))];
      const upsert = await tx.run(UPSERT_PAPERS, { papers: papers.map(withIntegers), extractor, runId });
      const removed = ((upsert.records[0]?.get('removed') as string[][] | undefined) ?? []).flat();
      return {
        papers: papers.length,
        touchedTopics: [...new Set([...linked, ...removed])],
        removedTopics: removed,
      };
    },
    { retry: true },
  );
}

export interface StoredPaper {
  version: string;
  /** False until the derived graph has been computed for the paper (an interrupted run leaves it false). */
  derived: boolean;
  topics: string[];
}

/** What is stored of these papers, so unchanged ones are not extracted and written again. */
export async function storedPapers(db: Database, ids: string[]): Promise<Map<string, StoredPaper>> {
  const records = await readRecords(
    db,
    `UNWIND $ids AS id MATCH (p:Paper {id: id})
     RETURN p.id AS id, p.hash + '|' + p.extractor AS version, coalesce(p.derived, false) AS derived,
            CASE WHEN coalesce(p.derived, false) THEN [] ELSE [(p)-[:MENTIONS]->(t:Phrase) | t.key] END AS topics`,
    { ids },
  );
  return new Map(
    records.map((r) => [
      r.get('id') as string,
      {
        version: r.get('version') as string,
        derived: r.get('derived') as boolean,
        topics: r.get('topics') as string[],
      },
    ]),
  );
}

export async function graphCounts(
  db: Database,
): Promise<{ papers: number; topics: number; mentions: number }> {
  const records = await readRecords(
    db,
    `CALL () { MATCH (p:Paper) RETURN count(p) AS papers }
     CALL () { MATCH (t:Topic) RETURN count(t) AS topics }
     CALL () { MATCH (:Paper)-[m:MENTIONS]->(:Topic) RETURN count(m) AS mentions }
     RETURN papers, topics, mentions`,
  );
  const r = records[0];
  return {
    papers: toNumber(r?.get('papers')),
    topics: toNumber(r?.get('topics')),
    mentions: toNumber(r?.get('mentions')),
  };
}

export interface IngestRunWrite {
  id: string;
  source: string;
  status: 'running' | 'completed' | 'failed' | 'interrupted';
  read: number;
  written: number;
  unchanged: number;
  skipped: number;
  topicsCreated: number;
  error?: string;
}

/** Ingest runs are recorded in the graph: what was read, from where, and how it ended. */
export async function recordIngestRun(db: Database, run: IngestRunWrite): Promise<void> {
  await write(
    db,
    `MERGE (r:IngestRun {id: $run.id})
         ON CREATE SET r.startedAt = datetime()
       SET r.source = $run.source, r.status = $run.status, r.read = $run.read, r.written = $run.written,
           r.unchanged = $run.unchanged, r.skipped = $run.skipped, r.topicsCreated = $run.topicsCreated,
           r.error = $run.error,
           r.finishedAt = CASE WHEN $run.status = 'running' THEN null ELSE datetime() END`,
    {
      run: {
        ...run,
        read: int(run.read),
        written: int(run.written),
        unchanged: int(run.unchanged),
        skipped: int(run.skipped),
        topicsCreated: int(run.topicsCreated),
        error: run.error ?? null,
      },
    },
  );
}

export interface DeletedPaper {
  /** Topics that lost the paper (those left with no paper are deleted with it). */
  topics: string[];
  /** Papers that were similar to it, whose similar papers change. */
  neighbours: string[];
}

const DELETE_PAPER = `
MATCH (p:Paper {id: $id})
WITH p,
     COLLECT { MATCH (p)-[:MENTIONS]->(t:Phrase) RETURN t } AS topics,
     COLLECT { MATCH (p)-[:SIMILAR_TO]-(q:Paper) RETURN DISTINCT q.id } AS neighbours,
     COLLECT { MATCH (a:Author)-[:AUTHORED]->(p) RETURN a } AS authors,
     COLLECT { MATCH (p)-[:IN_CATEGORY]->(c:Category) RETURN c } AS categories,
     COLLECT { MATCH (p)-[d:DEFINES]->() RETURN DISTINCT d.shortKey } AS shortKeys
WITH p, topics, neighbours, authors, categories, shortKeys,
     [t IN topics WHERE t.paperCount > 1 AND t:Topic | t.key] AS surviving
DETACH DELETE p
WITH topics, neighbours, authors, categories, shortKeys, surviving
CALL (topics) {
  UNWIND topics AS t
  SET t.paperCount = t.paperCount - 1
  WITH t WHERE t.paperCount <= 0
  DETACH DELETE t
}
CALL (authors) { UNWIND authors AS a WITH a WHERE NOT EXISTS { (a)--() } DELETE a }
CALL (categories) { UNWIND categories AS c WITH c WHERE NOT EXISTS { (c)--() } DELETE c }
CALL (shortKeys) {
  UNWIND shortKeys AS sk
  MATCH (a:Alias {key: sk}) WHERE NOT EXISTS { (:Paper)-[:DEFINES {shortKey: sk}]->() }
  DETACH DELETE a
}
RETURN surviving AS topics, neighbours`;

/** Deletes a paper and what only it held (topics, authors, categories, acronyms); null when absent. */
export function deletePaper(db: Database, id: string): Promise<DeletedPaper | null> {
  return writeTransaction(db, async (tx) => {
    const exists = await tx.run('MATCH (p:Paper {id: $id}) RETURN count(p) AS n', { id });
    if (toNumber(exists.records[0]?.get('n')) === 0) return null;
    const result = await tx.run(DELETE_PAPER, { id });
    const r = result.records[0];
    return {
      topics: (r?.get('topics') as string[] | undefined) ?? [],
      neighbours: (r?.get('neighbours') as string[] | undefined) ?? [],
    };
  });
}
