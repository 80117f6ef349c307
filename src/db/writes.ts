import neo4j from 'neo4j-driver';
import type { Database } from './driver.ts';
import { translateError } from './errors.ts';
import { int, toNumber } from './query.ts';

export interface MentionWrite {
  key: string;
  name: string;
  score: number;
  count: number;
  fields: string[];
  starts: number[];
  ends: number[];
}

export interface PaperWrite {
  id: string;
  title: string;
  abstract: string;
  source: string;
  position: number;
  mentions: MentionWrite[];
}

export interface BatchResult {
  papers: number;
  topicsCreated: number;
  topicsDeleted: number;
}

// A paper's topic links are replaced as a whole, so re-ingesting a changed paper never leaves stale ones.
const UPSERT_PAPERS = `
UNWIND $papers AS p
MERGE (paper:Paper {id: p.id})
  ON CREATE SET paper.addedAt = datetime()
SET paper.title = p.title, paper.abstract = p.abstract, paper.source = p.source, paper.position = p.position
WITH paper, p
CALL (paper, p) {
  OPTIONAL MATCH (paper)-[old:MENTIONS]->(gone:Topic)
  WHERE NOT gone.key IN [m IN p.mentions | m.key]
  DELETE old
  RETURN collect(gone.key) AS removed
}
CALL (paper, p) {
  UNWIND p.mentions AS m
  MERGE (t:Topic {key: m.key})
    ON CREATE SET t.name = m.name, t.paperCount = 0
  MERGE (paper)-[r:MENTIONS]->(t)
  SET r.score = m.score, r.count = m.count, r.fields = m.fields, r.starts = m.starts, r.ends = m.ends,
      r.extractor = $extractor
  RETURN count(r) AS linked
}
RETURN collect(removed) AS removed`;

const EXISTING_TOPICS = `
UNWIND $keys AS key
MATCH (t:Topic {key: key})
RETURN count(t) AS n`;

const RECOUNT_TOPICS = `
UNWIND $keys AS key
MATCH (t:Topic {key: key})
WITH t, COUNT { (t)<-[:MENTIONS]-(:Paper) } AS n
SET t.paperCount = n
WITH t WHERE n = 0
DETACH DELETE t
RETURN count(*) AS deleted`;

/** JavaScript numbers reach Neo4j as floats; offsets and counts are integers there. */
function withIntegers(p: PaperWrite) {
  return {
    ...p,
    position: int(p.position),
    mentions: p.mentions.map((m) => ({
      ...m,
      count: int(m.count),
      starts: m.starts.map(int),
      ends: m.ends.map(int),
    })),
  };
}

/** Writes one batch of papers and their topic links in one transaction, retried by the driver. */
export async function writePaperBatch(
  db: Database,
  papers: PaperWrite[],
  extractor: string,
): Promise<BatchResult> {
  const session = db.driver.session({ database: db.database, defaultAccessMode: neo4j.session.WRITE });
  try {
    return await session.executeWrite(async (tx) => {
      const linked = [...new Set(papers.flatMap((p) => p.mentions.map((m) => m.key)))];
      const existing = await tx.run(EXISTING_TOPICS, { keys: linked });
      const upsert = await tx.run(UPSERT_PAPERS, { papers: papers.map(withIntegers), extractor });
      const removed = ((upsert.records[0]?.get('removed') as string[][] | undefined) ?? []).flat();
      const recount = await tx.run(RECOUNT_TOPICS, { keys: [...new Set([...linked, ...removed])] });
      return {
        papers: papers.length,
        topicsCreated: linked.length - toNumber(existing.records[0]?.get('n') ?? 0),
        topicsDeleted: toNumber(recount.records[0]?.get('deleted') ?? 0),
      };
    });
  } catch (error) {
    throw translateError(error, db.target);
  } finally {
    await session.close();
  }
}

export async function graphCounts(
  db: Database,
): Promise<{ papers: number; topics: number; mentions: number }> {
  const { records } = await db.driver.executeQuery(
    `CALL () { MATCH (p:Paper) RETURN count(p) AS papers }
     CALL () { MATCH (t:Topic) RETURN count(t) AS topics }
     CALL () { MATCH (:Paper)-[m:MENTIONS]->(:Topic) RETURN count(m) AS mentions }
     RETURN papers, topics, mentions`,
    {},
    { database: db.database, routing: neo4j.routing.READ },
  );
  const r = records[0];
  return {
    papers: toNumber(r?.get('papers')),
    topics: toNumber(r?.get('topics')),
    mentions: toNumber(r?.get('mentions')),
  };
}
