import type { Database } from './driver.ts';
import { readRecords, stream, write } from './executor.ts';
import { int, toNumber } from './values.ts';

/**
 * The derived graph: relationships computed from MENTIONS for the topics and papers an ingest touched,
 * each statement over one chunk of keys in its own transaction.
 */

/** A derived write, tried again past the driver's retries on lock conflicts; answers its one count. */
async function writeCounting(db: Database, cypher: string, params: Record<string, unknown>): Promise<number> {
  const records = await write(db, cypher, params, { retry: true });
  return toNumber(records[0]?.get(0) ?? 0);
}

async function readCount(db: Database, cypher: string, params: Record<string, unknown>): Promise<number> {
  const records = await readRecords(db, cypher, params);
  return toNumber(records[0]?.get(0) ?? 0);
}

export async function totalPapers(db: Database): Promise<number> {
  return readCount(db, 'MATCH (p:Paper) RETURN count(p)', {});
}

/** Acronym keys defined by these papers, plus touched topic keys that are already aliases. */
export async function aliasCandidates(
  db: Database,
  paperIds: string[],
  topicKeys: string[],
): Promise<string[]> {
  const records = await readRecords(
    db,
    `CALL () {
       UNWIND $ids AS id MATCH (:Paper {id: id})-[d:DEFINES]->() RETURN d.shortKey AS key
       UNION
       UNWIND $keys AS key MATCH (a:Alias {key: key}) RETURN a.key AS key
     }
     RETURN collect(DISTINCT key) AS keys`,
    { ids: paperIds, keys: topicKeys },
  );
  return (records[0]?.get('keys') as string[] | undefined) ?? [];
}

// The research area of a category: physics (hep-th, cond-mat.str-el, quant-ph, …), math, q-bio, q-fin,
// econ; computing for cs, stat and eess, and for a venue ("iclr")
const PHYSICS = [
  'hep-th',
  'hep-ph',
  'hep-lat',
  'hep-ex',
  'nucl-th',
  'nucl-ex',
  'gr-qc',
  'astro-ph',
  'cond-mat',
  'quant-ph',
  'physics',
  'math-ph',
  'nlin',
  'chao-dyn',
  'solv-int',
  'patt-sol',
  'adap-org',
  'comp-gas',
  'chem-ph',
  'supr-con',
  'mtrl-th',
  'acc-phys',
  'ao-sci',
  'atom-ph',
  'plasm-ph',
];
const MATH = ['math', 'alg-geom', 'dg-ga', 'funct-an', 'q-alg'];
const AREA = (code: string) => `CASE
  WHEN split(${code}, '.')[0] IN ${JSON.stringify(PHYSICS).replace(/"/g, "'")} THEN 'physics'
  WHEN split(${code}, '.')[0] IN ${JSON.stringify(MATH).replace(/"/g, "'")} THEN 'math'
  WHEN split(${code}, '.')[0] IN ['q-bio', 'q-fin', 'econ'] THEN split(${code}, '.')[0]
  ELSE 'computing' END`;

// a finer field than AREA in physics: cond-mat, astro-ph, quant-ph, particle (hep-*) and nuclear (nucl-*)
// physics are fields of their own
const FIELD = (code: string) => `CASE
  WHEN ${AREA(code)} <> 'physics' THEN ${AREA(code)}
  WHEN ${code} STARTS WITH 'hep-' THEN 'hep'
  WHEN ${code} STARTS WITH 'nucl-' THEN 'nucl'
  ELSE split(${code}, '.')[0] END`;

/**
 * An acronym is an alias of every long form papers define it as (CL: contrastive, continual or curriculum
 * learning), each sense with the papers that define it and their areas. A mention of the bare acronym in
 * a paper that does not define it joins the sense of the paper's area, only when written the same way
 * (Ba is not BA); the rest stay where they are, and a bare acronym left with mentions of a known acronym
 * from other fields is no topic (acronymOf), so no sense is guessed across fields.
 */
export function resolveAliases(db: Database, shortKeys: string[]): Promise<number> {
  return writeCounting(
    db,
    `UNWIND $shortKeys AS sk
     CALL (sk) {
       MATCH (dp:Paper)-[d:DEFINES {shortKey: sk}]->(t:Phrase)
       WITH t, dp, d, COLLECT { MATCH (dp)-[:IN_CATEGORY]->(c:Category) RETURN DISTINCT ${AREA('c.code')} } AS areas
       WITH t, count(DISTINCT dp) AS n, max(CASE WHEN d.initials THEN 1 ELSE 0 END) AS strong,
            collect(d.short) AS shorts, reduce(acc = [], x IN collect(areas) | acc + x) AS areas
       ORDER BY n DESC, strong DESC, t.paperCount DESC, t.key
       RETURN collect({t: t, n: n, strong: strong, shorts: shorts,
                       areas: reduce(acc = [], x IN areas | CASE WHEN x IN acc THEN acc ELSE acc + x END)}) AS all
     }
     WITH sk, all, [s IN all WHERE s.strong = 1 OR s.n >= 2] AS kept
     WITH sk, CASE WHEN size(kept) > 0 THEN kept ELSE all[..1] END AS senses
     WHERE size(senses) > 0
     WITH sk, senses, reduce(acc = [], s IN senses | acc + s.shorts) AS written
     MERGE (a:Alias {key: sk})
     SET a.short = written[0],
         a.shorts = reduce(acc = [], x IN written | CASE WHEN x IN acc THEN acc ELSE acc + x END)
     WITH a, sk, senses
     CALL (a) { OPTIONAL MATCH (a)-[old:ALIAS_OF]->() DELETE old }
     CALL (a, senses) {
       UNWIND senses AS s
       WITH a, s, s.t AS t
       MERGE (a)-[r:ALIAS_OF]->(t)
       // sorted: the order papers and categories are read in is the store's, not the data's
       SET r.papers = s.n, r.areas = COLLECT { UNWIND s.areas AS x RETURN x ORDER BY x }
     }
     CALL (a) {
       MATCH (a)-[:ALIAS_OF]->(t:Phrase)
       SET t.otherSenses = COLLECT {
         MATCH (t)<-[:ALIAS_OF]-(:Alias)-[r:ALIAS_OF]->(o:Phrase) WHERE o <> t
         WITH o, max(r.papers) AS n ORDER BY n DESC, o.key
         RETURN o.key
       }
     }
     WITH a, sk, senses
     OPTIONAL MATCH (stray:Phrase {key: sk})
     WHERE NOT any(s IN senses WHERE s.t = stray)
     CALL (a, stray, senses) {
       WITH a, stray, senses WHERE stray IS NOT NULL
       MATCH (p:Paper)-[m:MENTIONS]->(stray)
       WHERE any(x IN a.shorts WHERE m.name = x OR m.name + 's' = x OR m.name = x + 's')
       WITH stray, senses, p, m,
            COLLECT { MATCH (p)-[:IN_CATEGORY]->(c:Category) RETURN DISTINCT ${AREA('c.code')} } AS areas
       WITH stray, p, m, [s IN senses WHERE any(x IN s.areas WHERE x IN areas)] AS fits
       WHERE size(fits) > 0
       WITH stray, p, m, reduce(best = fits[0], s IN fits | CASE WHEN s.n > best.n THEN s ELSE best END).t AS long
       CALL (p, m, long) {
         MATCH (p)-[e:MENTIONS]->(long)
         SET e.count = e.count + m.count, e.fields = e.fields + m.fields, e.starts = e.starts + m.starts,
             e.ends = e.ends + m.ends, e.score = CASE WHEN m.score > e.score THEN m.score ELSE e.score END
       }
       CALL (p, m, long) {
         WITH p, m, long WHERE NOT EXISTS { (p)-[:MENTIONS]->(long) }
         CREATE (p)-[n:MENTIONS]->(long)
         SET n = properties(m)
       }
       DELETE m
       WITH DISTINCT long
       SET long.paperCount = COUNT { (long)<-[:MENTIONS]-(:Paper) }
     }
     CALL (a, stray) {
       WITH a, stray WHERE stray IS NOT NULL
       WITH stray, COUNT { (stray)<-[:MENTIONS]-(:Paper) } AS left,
            EXISTS { MATCH (:Paper)-[m:MENTIONS]->(stray)
                     WHERE any(x IN a.shorts WHERE m.name = x OR m.name + 's' = x OR m.name = x + 's') } AS known
       SET stray.paperCount = left, stray.acronymOf = CASE WHEN known THEN a.key ELSE null END
       WITH stray, left, known
       CALL (stray, left) { WITH stray, left WHERE left = 0 DETACH DELETE stray }
       // "KS" went to Kohn-Sham, "Ks band" stays: what is left is named as its papers write it
       CALL (stray, left) {
         WITH stray WHERE left > 0
         MATCH (:Paper)-[m:MENTIONS]->(stray)
         WITH stray, m.name AS written, count(*) AS n
         ORDER BY n DESC, written
         WITH stray, collect(written) AS names
         WITH stray, [x IN names WHERE toLower(x) = stray.nameKey] AS same
         WHERE size(same) > 0 AND NOT stray.name IN same
         SET stray.name = same[0]
       }
       CALL (stray, left, known) { WITH stray, left, known WHERE left > 0 AND known REMOVE stray:Topic }
     }
     RETURN count(*)`,
    { shortKeys },
  );
}

/**
 * A phrase is a Topic while one of its mentions carries the evidence that it is a concept, or a quarter of
 * its papers are about it (the ranker is confident there), unless it
 * is a bare acronym whose senses are defined in other fields; a phrase that stops being one loses its
 * derived relationships.
 */
export function refreshConcepts(db: Database, keys: string[]): Promise<number> {
  return writeCounting(
    db,
    `UNWIND $keys AS key
     MATCH (t:Phrase {key: key})
     WITH t, t.acronymOf IS NULL AND (
            EXISTS { (t)<-[:MENTIONS {concept: true}]-(:Paper) } OR
            // a quarter of its papers are about it: "cohomology" in its papers, not "real world" in its
            4 * COUNT { (t)<-[:MENTIONS {central: true}]-(:Paper) } >= COUNT { (t)<-[:MENTIONS]-(:Paper) } > 0 AND
            EXISTS { (t)<-[:MENTIONS {central: true}]-(:Paper) }) AS concept
     // an acronym no paper writes out, used in several fields ("SSC", "GNS", "ISC"), is no one concept: a
     // topic only while two thirds of its papers share a field ("FPGA", "QCD" across hep-ph and hep-lat)
     WITH t, concept, concept AND NOT EXISTS { (:Alias)-[:ALIAS_OF]->(t) } AND
            NOT EXISTS { MATCH (t)<-[m:MENTIONS]-(:Paper) WHERE NOT m.name =~ '[A-Z0-9]{2,}s?' } AS bare
     WITH t, concept, bare, CASE WHEN bare THEN COLLECT {
            MATCH (t)<-[:MENTIONS]-(p:Paper)
            RETURN COLLECT { MATCH (p)-[:IN_CATEGORY]->(c:Category) RETURN DISTINCT ${FIELD('c.code')} }
          } ELSE [] END AS listed
     WITH t, concept, bare, [x IN listed WHERE size(x) > 0] AS fields
     WITH t, bare, fields, concept,
          reduce(top = 0, f IN reduce(all = [], x IN fields | all + x) |
            CASE WHEN size([x IN fields WHERE f IN x]) > top THEN size([x IN fields WHERE f IN x]) ELSE top END) AS shared
     WITH t, concept AND (NOT bare OR 3 * shared >= 2 * size(fields)) AS concept
     CALL (t, concept) { WITH t, concept WHERE concept AND NOT t:Topic SET t:Topic }
     CALL (t, concept) {
       WITH t, concept WHERE NOT concept AND t:Topic
       REMOVE t:Topic
       WITH t
       CALL (t) { OPTIONAL MATCH (t)-[r:CO_OCCURS|NARROWER]-() DELETE r }
       REMOVE t.pagerank, t.community, t.betweenness
     }
     RETURN count(t)`,
    { keys },
  );
}

/**
 * Display name: the most frequent way papers write the topic, never one of its acronyms when papers also
 * write it out, and never the name of another topic; aliases: the other ways, and acronyms. A key that is
 * also an acronym's (the run touched its bare mentions) refreshes each of its senses, whose papers changed.
 */
export function refreshNames(db: Database, keys: string[]): Promise<number> {
  return writeCounting(
    db,
    `UNWIND $keys AS key
     CALL (key) {
       MATCH (t:Topic {key: key}) RETURN t
       UNION
       MATCH (:Alias {key: key})-[:ALIAS_OF]->(t:Topic) RETURN t
     }
     WITH DISTINCT t
     // a topic of one paper keeps the name that paper gave it when it was created
     WHERE t.paperCount > 1 OR EXISTS { (:Alias)-[:ALIAS_OF]->(t) }
     CALL (t) {
       OPTIONAL MATCH (a:Alias)-[:ALIAS_OF]->(t)
       RETURN reduce(acc = [], x IN collect(coalesce(a.shorts, [a.short])) | acc + x) AS acronyms
     }
     CALL (t, acronyms) {
       MATCH (t)<-[m:MENTIONS]-(:Paper)
       WITH m.name AS surface, count(*) AS n
       WITH surface, n, any(x IN acronyms WHERE surface = x OR surface = x + 's' OR surface + 's' = x) AS acronym
       ORDER BY acronym, n DESC, size(surface), surface
       RETURN collect(surface)[..12] AS surfaces, collect(acronym)[0] AS onlyAcronyms
     }
     WITH t, surfaces, acronyms
     WHERE size(surfaces) > 0
     CALL (t, surfaces) {
       UNWIND range(0, size(surfaces) - 1) AS i
       WITH i, surfaces[i] AS candidate
       WHERE NOT EXISTS { MATCH (o:Topic {nameKey: toLower(candidate)}) WHERE o <> t }
       RETURN candidate AS name ORDER BY i LIMIT 1
     }
     WITH t, name, surfaces, acronyms
     WITH t, name, [s IN surfaces WHERE toLower(s) <> toLower(name)] + acronyms AS others
     SET t.name = name, t.nameKey = toLower(name),
         t.aliases = reduce(acc = [], s IN others | CASE WHEN s IN acc THEN acc ELSE acc + s END)
     RETURN count(t)`,
    { keys },
  );
}

/** Marks the topics whose co-occurrences are recomputed and drops their old ones. */
export function clearCoOccurrence(db: Database, keys: string[]): Promise<number> {
  return writeCounting(
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
  return writeCounting(
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
  return writeCounting(
    db,
    'UNWIND $keys AS key MATCH (t:Topic {key: key}) REMOVE t.coPending RETURN count(t)',
    {
      keys,
    },
  );
}

export interface SimilarityOptions {
  total: number;
  k: number;
  /** Phrases in more papers than this are too common to make two papers similar (they still count in norms). */
  maxDf: number;
  /** Shared phrases kept per pair: the score is the sum of their weights and of the text term. */
  shown: number;
  /**
   * The share of a score that is the cosine of the two papers' text vectors (words they use, in the
   * shipped latent space), the rest the phrase cosine: 0.6 ranks best on the related-papers bench.
   */
  textShare: number;
  /** Papers, most similar by shared phrases first, whose text vectors are compared: the cost per paper stays flat. */
  candidates: number;
}

// a float, and log(total / paperCount) > 0 even on a graph of one paper
const floatTotal = (options: SimilarityOptions) => Math.max(options.total, 2) * 1.0;

/**
 * A phrase in more than 1% of papers (at least 20, at most 200) is too common to relate two papers, or to
 * explain how two things are linked: a generic hub.
 */
export const COMMON = { share: 0.01, floor: 20, cap: 200 };

/** COMMON as Cypher, over a count of papers. */
export const commonLimit = (total: string) =>
  `CASE WHEN ceil(${total} * ${COMMON.share}) > ${COMMON.cap} THEN ${COMMON.cap}
        WHEN ceil(${total} * ${COMMON.share}) < ${COMMON.floor} THEN ${COMMON.floor}
        ELSE ceil(${total} * ${COMMON.share}) END`;

export function similarityOptions(total: number): SimilarityOptions {
  return {
    total,
    k: 10,
    maxDf: Math.max(COMMON.floor, Math.min(COMMON.cap, Math.ceil(total * COMMON.share))),
    shown: 8,
    textShare: 0.6,
    candidates: 100,
  };
}

/**
 * A paper's weight for a phrase it mentions: rarity (log of papers over papers with it), more for a phrase
 * the paper repeats, half again for a concept. Phrases of one paper are in no other paper's vector.
 */
const PHRASE_WEIGHT = (m: string, t: string) =>
  `log(toFloat($total) / toFloat(${t}.paperCount)) * (1.0 + log(toFloat(coalesce(${m}.count, 1)))) *
   CASE WHEN ${t}:Topic THEN 1.5 ELSE 1.0 END`;

/** The length of each paper's phrase vector, which similarity divides by (cosine). */
export function computeVectorNorms(db: Database, ids: string[], options: SimilarityOptions): Promise<number> {
  return writeCounting(
    db,
    `UNWIND $ids AS id
     MATCH (p:Paper {id: id})
     CALL (p) {
       OPTIONAL MATCH (p)-[m:MENTIONS]->(t:Phrase) WHERE t.paperCount >= 2
       WITH ${PHRASE_WEIGHT('m', 't')} AS w
       RETURN sqrt(sum(w * w)) AS norm
     }
     SET p.vectorNorm = norm
     RETURN count(p)`,
    { ids, total: floatTotal(options) },
  );
}

/**
 * Each paper's k most similar papers among those it shares a phrase with: the cosine of their phrase
 * vectors (concepts and the other key phrases both use, weighted by rarity and repetition), kept as its
 * `shown` largest terms, blended with the cosine of their text vectors (how alike their wording is; none
 * below zero) for the `candidates` most similar by phrases. \`shared\` lists the phrases, \`weights\` what each adds and \`text\` what the wording adds:
 * the score is their sum, so the explanation adds up.
 */
export function computeSimilarity(db: Database, ids: string[], options: SimilarityOptions): Promise<number> {
  return writeCounting(
    db,
    `UNWIND $ids AS id
     MATCH (p:Paper {id: id})
     CALL (p) { OPTIONAL MATCH (p)-[s:SIMILAR_TO]->() DELETE s }
     CALL (p) {
       MATCH (p)-[m1:MENTIONS]->(t:Phrase)<-[m2:MENTIONS]-(q:Paper)
       WHERE 2 <= t.paperCount <= $maxDf AND q <> p AND p.vectorNorm > 0 AND q.vectorNorm > 0
       WITH q, t,
            $phraseShare * ${PHRASE_WEIGHT('m1', 't')} * ${PHRASE_WEIGHT('m2', 't')} / (p.vectorNorm * q.vectorNorm) AS w
       ORDER BY w DESC, t.key
       WITH q, collect(t.key)[..$shown] AS shared, collect(w)[..$shown] AS weights
       WITH q, shared, weights, reduce(s = 0.0, x IN weights | s + x) AS phrases
       ORDER BY phrases DESC, q.id
       LIMIT $candidates
       // Neo4j's cosine is scaled to [0, 1]: 2s - 1 is the cosine itself
       WITH q, shared, weights, phrases, CASE WHEN size(p.textVector) = size(q.textVector)
              THEN 2.0 * vector.similarity.cosine(p.textVector, q.textVector) - 1.0 ELSE 0.0 END AS cosine
       WITH q, shared, weights, phrases, CASE WHEN cosine > 0 THEN $textShare * cosine ELSE 0.0 END AS text
       WITH q, shared, weights, text, text + phrases AS score
       ORDER BY score DESC, q.id
       LIMIT $k
       MERGE (p)-[s:SIMILAR_TO]->(q)
       SET s.score = score, s.shared = shared, s.weights = weights, s.text = text
       RETURN count(*) AS similar
     }
     RETURN sum(similar)`,
    {
      ids,
      total: floatTotal(options),
      k: int(options.k),
      maxDf: int(options.maxDf),
      shown: int(options.shown),
      textShare: options.textShare,
      candidates: int(options.candidates),
      phraseShare: 1 - options.textShare,
    },
  );
}

/**
 * A broader topic shares the narrower's field: a third or more of the fields of the broader's own papers
 * (those without the narrower) are fields of the narrower's papers ("hole" in solid-state papers is not the
 * "hole" of "black hole"). A broader of no papers of its own passes.
 */
const SAME_FIELD = (b: string, t: string) => `
  COLLECT { MATCH (${b})<-[:MENTIONS]-(o:Paper)-[:IN_CATEGORY]->(c:Category) WHERE NOT (o)-[:MENTIONS]->(${t})
            RETURN ${FIELD('c.code')} AS f LIMIT 500 } AS own,
  COLLECT { MATCH (${t})<-[:MENTIONS]-(:Paper)-[:IN_CATEGORY]->(c:Category) RETURN DISTINCT ${FIELD('c.code')} } AS theirs`;

/**
 * "zero shot hyperparameter transfer" is NARROWER than "hyperparameter transfer": the longest of its
 * broader candidates (suffixes with real qualifiers, not generic words: ingest/hierarchy.ts) that is a topic
 * of the same field. Replaces the topics' broader edges, so deriving a topic again applies today's rules.
 */
export function computeHierarchy(
  db: Database,
  entries: { key: string; broader: string[] }[],
): Promise<number> {
  return writeCounting(
    db,
    `UNWIND $entries AS e
     MATCH (t:Topic {key: e.key})
     CALL (t) { OPTIONAL MATCH (:Topic)-[r:NARROWER]->(t) DELETE r }
     CALL (t, e) {
       UNWIND range(0, size(e.broader) - 1) AS i
       MATCH (b:Topic {key: e.broader[i]})
       // "Navier-Stokes" is no kind of "Stokes", nor "integrate-and-fire neurons" of "fire neurons"
       WITH i, b WHERE NOT toLower(t.name) CONTAINS '-' + split(b.key, ' ')[0]
       WITH i, b, ${SAME_FIELD('b', 't')}
       WHERE size(own) = 0 OR 3 * size([f IN own WHERE f IN theirs]) >= size(own)
       RETURN b ORDER BY i LIMIT 1
     }
     MERGE (b)-[:NARROWER]->(t)
     RETURN count(*)`,
    { entries },
  );
}

/** Older topics a run's new topics may be broader than: "graph neural network" when "neural network" is new. */
export async function topicsEndingWithNew(db: Database, runId: string): Promise<string[]> {
  const keys: string[] = [];
  await stream(
    db,
    `MATCH (b:Topic {createdRun: $runId})
     MATCH (t:Topic) WHERE t.key ENDS WITH ' ' + b.key AND coalesce(t.createdRun, '') <> $runId
     RETURN DISTINCT t.key AS key ORDER BY key`,
    { runId },
    (get) => keys.push(String(get('key'))),
  );
  return keys;
}

export function markDerived(db: Database, ids: string[]): Promise<number> {
  return writeCounting(
    db,
    'UNWIND $ids AS id MATCH (p:Paper {id: id}) SET p.derived = true RETURN count(p)',
    {
      ids,
    },
  );
}

/** Every topic's key, in key order. */
export async function allTopicKeys(db: Database): Promise<string[]> {
  const keys: string[] = [];
  await stream(db, 'MATCH (t:Topic) RETURN t.key AS key ORDER BY key', {}, (get) =>
    keys.push(String(get('key'))),
  );
  return keys;
}

export interface Recency {
  /** First year of the recent window: the corpus' latest publication year and the one before. */
  fromYear: number;
  /** The share of dated papers published in the window. */
  share: number;
}

export async function corpusRecency(db: Database): Promise<Recency | null> {
  const records = await readRecords(
    db,
    `MATCH (p:Paper) WHERE p.year IS NOT NULL
     WITH collect(p.year) AS years
     WITH years, reduce(m = years[0], y IN years | CASE WHEN y > m THEN y ELSE m END) AS latest
     RETURN latest - 1 AS fromYear, size(years) AS dated, size([y IN years WHERE y >= latest - 1]) AS recent`,
  );
  const r = records[0];
  const dated = toNumber(r?.get('dated') ?? 0);
  if (!r || dated === 0) return null;
  return { fromYear: toNumber(r.get('fromYear')), share: toNumber(r.get('recent')) / dated };
}

/**
 * Growth: the topic's share of papers in the recent window against the corpus' share, shrunk towards 1
 * by a prior of `prior` papers so that a topic of one recent paper is not the fastest-growing. Also the
 * topic's papers per month (`trendMonths` as 202403, `trendCounts`), which trending reads.
 */
export function computeGrowth(db: Database, keys: string[], recency: Recency, prior = 5): Promise<number> {
  return writeCounting(
    db,
    `UNWIND $keys AS key
     MATCH (t:Topic {key: key})
     CALL (t) {
       MATCH (t)<-[:MENTIONS]-(p:Paper) WHERE p.published IS NOT NULL
       WITH p.published.year * 100 + p.published.month AS month, count(p) AS papers ORDER BY month
       RETURN collect(month) AS months, collect(papers) AS counts
     }
     WITH t, months, counts, reduce(s = 0, n IN counts | s + n) AS dated,
          reduce(s = 0, i IN range(0, size(months) - 1) |
            s + CASE WHEN months[i] >= $fromYear * 100 THEN counts[i] ELSE 0 END) AS recent
     SET t.growth = CASE WHEN dated = 0 OR $share = 0 OR $share = 1 THEN null
                         ELSE round(((recent + $prior * $share) / (dated + $prior)) / $share, 4) END,
         t.trendMonths = months, t.trendCounts = counts
     RETURN count(t)`,
    { keys, fromYear: int(recency.fromYear), share: recency.share, prior: prior * 1.0 },
  );
}

/** `2 · vector.similarity.cosine(a, b) − 1` as the server computes it, for each pair, in order. */
export async function serverCosines(db: Database, pairs: [number[], number[]][]): Promise<number[]> {
  const records = await readRecords(
    db,
    `UNWIND range(0, size($pairs) - 1) AS i
     RETURN 2.0 * vector.similarity.cosine($pairs[i][0], $pairs[i][1]) - 1.0 AS c ORDER BY i`,
    { pairs },
  );
  return records.map((r) => toNumber(r.get('c')));
}

/** What paper similarity is computed from, streamed for a computation in memory over the whole graph. */
export async function streamSimilarityInputs(
  db: Database,
  on: {
    paper: (id: string, textVector: number[] | null) => void;
    phrase: (key: string, paperCount: number, isTopic: boolean) => void;
    mention: (paperId: string, phraseKey: string, count: number) => void;
  },
): Promise<void> {
  await stream(db, 'MATCH (p:Paper) RETURN p.id AS id, p.textVector AS v', {}, (get) =>
    on.paper(String(get('id')), (get('v') as number[] | null) ?? null),
  );
  await stream(
    db,
    'MATCH (t:Phrase) WHERE t.paperCount >= 2 RETURN t.key AS key, t.paperCount AS n, t:Topic AS topic',
    {},
    (get) => on.phrase(String(get('key')), toNumber(get('n')), get('topic') === true),
  );
  await stream(
    db,
    `MATCH (p:Paper)-[m:MENTIONS]->(t:Phrase) WHERE t.paperCount >= 2
     RETURN p.id AS id, t.key AS key, toFloat(coalesce(m.count, 1)) AS count`,
    {},
    (get) => on.mention(String(get('id')), String(get('key')), toNumber(get('count'))),
  );
}

/**
 * Papers' vector norms and SIMILAR_TO relationships computed elsewhere, for papers that have none yet
 * (a bulk load): the same properties `computeSimilarity` sets.
 */
export function writeSimilarity(
  db: Database,
  rows: {
    id: string;
    vectorNorm: number;
    similar: { id: string; score: number; shared: string[]; weights: number[]; text: number }[];
  }[],
): Promise<number> {
  return writeCounting(
    db,
    `UNWIND $rows AS r
     MATCH (p:Paper {id: r.id})
     SET p.vectorNorm = r.vectorNorm
     WITH p, r
     CALL (p, r) {
       UNWIND r.similar AS s
       MATCH (q:Paper {id: s.id})
       CREATE (p)-[:SIMILAR_TO {score: s.score, shared: s.shared, weights: s.weights, text: s.text}]->(q)
       RETURN count(*) AS similar
     }
     RETURN sum(similar)`,
    { rows },
  );
}
