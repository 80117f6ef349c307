import neo4j from 'neo4j-driver';
import type { Database } from './driver.ts';
import { translateError } from './errors.ts';
import { int, toNumber } from './query.ts';
import { retryConflicts } from './retry.ts';

/**
 * The derived graph: relationships computed from MENTIONS for the topics and papers an ingest touched,
 * each statement over one chunk of keys in its own transaction.
 */

async function write(db: Database, cypher: string, params: Record<string, unknown>): Promise<number> {
  try {
    const { records } = await retryConflicts(() =>
      db.driver.executeQuery(cypher, params, { database: db.database, routing: neo4j.routing.WRITE }),
    );
    return toNumber(records[0]?.get(0) ?? 0);
  } catch (error) {
    throw translateError(error, db.target);
  }
}

export async function totalPapers(db: Database): Promise<number> {
  return write(db, 'MATCH (p:Paper) RETURN count(p)', {});
}

/** Acronym keys defined by these papers, plus touched topic keys that are already aliases. */
export async function aliasCandidates(
  db: Database,
  paperIds: string[],
  topicKeys: string[],
): Promise<string[]> {
  const { records } = await db.driver.executeQuery(
    `CALL () {
       UNWIND $ids AS id MATCH (:Paper {id: id})-[d:DEFINES]->() RETURN d.shortKey AS key
       UNION
       UNWIND $keys AS key MATCH (a:Alias {key: key}) RETURN a.key AS key
     }
     RETURN collect(DISTINCT key) AS keys`,
    { ids: paperIds, keys: topicKeys },
    { database: db.database, routing: neo4j.routing.READ },
  );
  return (records[0]?.get('keys') as string[] | undefined) ?? [];
}

/**
 * Each acronym points at the long form most papers define it as (ties: the one whose words start with its
 * letters); a topic named by the bare acronym is folded into that long form, its mentions moved over.
 */
export function resolveAliases(db: Database, shortKeys: string[]): Promise<number> {
  return write(
    db,
    `UNWIND $shortKeys AS sk
     CALL (sk) {
       MATCH (:Paper)-[d:DEFINES {shortKey: sk}]->(t:Topic)
       WITH t, count(*) AS n, max(CASE WHEN d.initials THEN 1 ELSE 0 END) AS strong, collect(d.short)[0] AS short
       ORDER BY n DESC, strong DESC, t.paperCount DESC, t.key
       LIMIT 1
       RETURN t AS best, short
     }
     MERGE (a:Alias {key: sk})
     SET a.short = short
     WITH a, best, sk
     CALL (a, best) {
       OPTIONAL MATCH (a)-[old:ALIAS_OF]->(other:Topic) WHERE other <> best
       DELETE old
     }
     MERGE (a)-[:ALIAS_OF]->(best)
     WITH best, sk
     OPTIONAL MATCH (stray:Topic {key: sk}) WHERE stray <> best
     CALL (stray, best) {
       WITH stray, best WHERE stray IS NOT NULL
       CALL (stray, best) {
         MATCH (p:Paper)-[m:MENTIONS]->(stray), (p)-[e:MENTIONS]->(best)
         SET e.count = e.count + m.count, e.fields = e.fields + m.fields, e.starts = e.starts + m.starts,
             e.ends = e.ends + m.ends, e.score = CASE WHEN m.score > e.score THEN m.score ELSE e.score END
         DELETE m
       }
       CALL (stray, best) {
         MATCH (p:Paper)-[m:MENTIONS]->(stray)
         CREATE (p)-[n:MENTIONS]->(best)
         SET n = properties(m)
         DELETE m
       }
       DETACH DELETE stray
       SET best.paperCount = COUNT { (best)<-[:MENTIONS]-(:Paper) }
     }
     RETURN count(*)`,
    { shortKeys },
  );
}

/** Display name: the most frequent way papers write the topic; aliases: the other ways, and acronyms. */
export function refreshNames(db: Database, keys: string[]): Promise<number> {
  return write(
    db,
    `UNWIND $keys AS key
     MATCH (t:Topic {key: key})
     // a topic of one paper keeps the name that paper gave it when it was created
     WHERE t.paperCount > 1 OR EXISTS { (:Alias)-[:ALIAS_OF]->(t) }
     CALL (t) {
       MATCH (t)<-[m:MENTIONS]-(:Paper)
       WITH m.name AS surface, count(*) AS n
       ORDER BY n DESC, size(surface), surface
       RETURN collect(surface)[..12] AS surfaces
     }
     CALL (t) {
       OPTIONAL MATCH (a:Alias)-[:ALIAS_OF]->(t)
       RETURN collect(a.short) AS acronyms
     }
     WITH t, surfaces, acronyms
     WHERE size(surfaces) > 0
     WITH t, surfaces[0] AS name,
          [s IN surfaces[1..] WHERE toLower(s) <> toLower(surfaces[0])] + acronyms AS others
     SET t.name = name,
         t.aliases = reduce(acc = [], s IN others | CASE WHEN s IN acc THEN acc ELSE acc + s END)
     RETURN count(t)`,
    { keys },
  );
}

/** Marks the topics whose co-occurrences are recomputed and drops their old ones. */
export function clearCoOccurrence(db: Database, keys: string[]): Promise<number> {
  return write(
    db,
    `UNWIND $keys AS key
     MATCH (t:Topic {key: key})
     SET t.coPending = true
     WITH t
     CALL (t) { OPTIONAL MATCH (t)-[c:CO_OCCURS]-() DELETE c }
     RETURN count(t)`,
    { keys },
  );
}

/**
 * Topic pairs that share papers, with the count and pointwise mutual information
 * log(n·N / (df(a)·df(b))), so that generic topics, which co-occur with everything, rank low.
 * Only each paper's `topK` best topics count; pairs below `minPapers` are not stored.
 */
export function computeCoOccurrence(
  db: Database,
  keys: string[],
  options: { total: number; topK: number; minPapers: number },
): Promise<number> {
  return write(
    db,
    `UNWIND $keys AS key
     MATCH (t:Topic {key: key})
     WHERE t.paperCount >= $minPapers
     CALL (t) {
       MATCH (t)<-[m1:MENTIONS]-(p:Paper)-[m2:MENTIONS]->(o:Topic)
       WHERE m1.rank <= $topK AND m2.rank <= $topK AND o <> t AND o.paperCount >= $minPapers
         AND (o.coPending IS NULL OR t.key < o.key)
       WITH o, count(p) AS n
       WHERE n >= $minPapers
       WITH o, n, log(toFloat(n) * $total / (toFloat(t.paperCount) * toFloat(o.paperCount))) AS pmi
       WITH CASE WHEN t.key < o.key THEN t ELSE o END AS a, CASE WHEN t.key < o.key THEN o ELSE t END AS b, n, pmi
       // MERGE, not CREATE: two ingests deriving at once must not both add the pair
       MERGE (a)-[c:CO_OCCURS]->(b)
       SET c.papers = n, c.pmi = pmi
       RETURN count(*) AS pairs
     }
     RETURN sum(pairs)`,
    { keys, total: options.total, topK: int(options.topK), minPapers: int(options.minPapers) },
  );
}

export function finishCoOccurrence(db: Database, keys: string[]): Promise<number> {
  return write(db, 'UNWIND $keys AS key MATCH (t:Topic {key: key}) REMOVE t.coPending RETURN count(t)', {
    keys,
  });
}

/**
 * Each paper's k most similar papers: shared topics weighted by both papers' scores and the topic's
 * rarity (idf). Topics in more than `maxDf` papers are too generic to make two papers similar.
 */
export function computeSimilarity(
  db: Database,
  ids: string[],
  options: { total: number; k: number; topK: number; maxDf: number },
): Promise<number> {
  return write(
    db,
    `UNWIND $ids AS id
     MATCH (p:Paper {id: id})
     CALL (p) { OPTIONAL MATCH (p)-[s:SIMILAR_TO]->() DELETE s }
     CALL (p) {
       MATCH (p)-[m1:MENTIONS]->(t:Topic)<-[m2:MENTIONS]-(q:Paper)
       WHERE m1.rank <= $topK AND m2.rank <= $topK AND t.paperCount <= $maxDf AND q <> p
       WITH q, t, m1.score * m2.score * log(toFloat($total) / toFloat(t.paperCount)) AS w
       ORDER BY w DESC
       WITH q, sum(w) AS score, collect(t.key)[..8] AS shared
       ORDER BY score DESC, q.id
       LIMIT $k
       MERGE (p)-[s:SIMILAR_TO]->(q)
       SET s.score = round(score, 4), s.shared = shared
       RETURN count(*) AS similar
     }
     RETURN sum(similar)`,
    { ids, total: options.total, k: int(options.k), topK: int(options.topK), maxDf: int(options.maxDf) },
  );
}

/** "zero shot hyperparameter transfer" is NARROWER than "hyperparameter transfer": its longest existing suffix. */
export function computeHierarchy(db: Database, keys: string[]): Promise<number> {
  return write(
    db,
    `UNWIND $keys AS key
     MATCH (t:Topic {key: key})
     WHERE key CONTAINS ' '
     WITH t, split(key, ' ') AS w
     CALL (t, w) {
       UNWIND range(1, size(w) - 1) AS i
       WITH i, reduce(s = w[i], x IN w[i + 1..] | s + ' ' + x) AS suffix
       MATCH (b:Topic {key: suffix})
       RETURN b ORDER BY i LIMIT 1
     }
     MERGE (b)-[:NARROWER]->(t)
     RETURN count(*)`,
    { keys },
  );
}

/** New short topics become the broader topic of longer ones that already existed. */
export function computeHierarchyAbove(db: Database, runId: string): Promise<number> {
  return write(
    db,
    `MATCH (b:Topic {createdRun: $runId})
     MATCH (t:Topic) WHERE t.key ENDS WITH ' ' + b.key AND coalesce(t.createdRun, '') <> $runId
     WITH t, b ORDER BY size(b.key) DESC
     WITH t, collect(b)[0] AS b
     OPTIONAL MATCH (old:Topic)-[r:NARROWER]->(t) WHERE size(old.key) < size(b.key)
     DELETE r
     MERGE (b)-[:NARROWER]->(t)
     RETURN count(*)`,
    { runId },
  );
}

export function countNewTopics(db: Database, runId: string): Promise<number> {
  return write(db, 'MATCH (t:Topic {createdRun: $runId}) RETURN count(t)', { runId });
}

export function markDerived(db: Database, ids: string[]): Promise<number> {
  return write(db, 'UNWIND $ids AS id MATCH (p:Paper {id: id}) SET p.derived = true RETURN count(p)', {
    ids,
  });
}

export interface Recency {
  /** First year of the recent window: the corpus' latest publication year and the one before. */
  fromYear: number;
  /** The share of dated papers published in the window. */
  share: number;
}

export async function corpusRecency(db: Database): Promise<Recency | null> {
  const { records } = await db.driver.executeQuery(
    `MATCH (p:Paper) WHERE p.year IS NOT NULL
     WITH collect(p.year) AS years
     WITH years, reduce(m = years[0], y IN years | CASE WHEN y > m THEN y ELSE m END) AS latest
     RETURN latest - 1 AS fromYear, size(years) AS dated, size([y IN years WHERE y >= latest - 1]) AS recent`,
    {},
    { database: db.database, routing: neo4j.routing.READ },
  );
  const r = records[0];
  const dated = toNumber(r?.get('dated') ?? 0);
  if (!r || dated === 0) return null;
  return { fromYear: toNumber(r.get('fromYear')), share: toNumber(r.get('recent')) / dated };
}

/**
 * Growth: the topic's share of papers in the recent window against the corpus' share, shrunk towards 1
 * by a prior of `prior` papers so that a topic of one recent paper is not the fastest-growing.
 */
export function computeGrowth(db: Database, keys: string[], recency: Recency, prior = 5): Promise<number> {
  return write(
    db,
    `UNWIND $keys AS key
     MATCH (t:Topic {key: key})
     CALL (t) {
       OPTIONAL MATCH (t)<-[:MENTIONS]-(p:Paper) WHERE p.year IS NOT NULL
       RETURN count(p) AS dated, count(CASE WHEN p.year >= $fromYear THEN 1 END) AS recent
     }
     SET t.growth = CASE WHEN dated = 0 OR $share = 0 OR $share = 1 THEN null
                         ELSE round(((recent + $prior * $share) / (dated + $prior)) / $share, 4) END
     RETURN count(t)`,
    { keys, fromYear: int(recency.fromYear), share: recency.share, prior: prior * 1.0 },
  );
}
