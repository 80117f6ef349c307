import {
  cursorKeys,
  FULL_PAPER,
  keyList,
  keysetWhere,
  NO_DATE,
  orderBy,
  type PaperPlan,
  paperProjection,
  publishedKeys,
  type SortKey,
  Statement,
  toPlannedPaper,
} from './compile-plan.ts';
import type { Database } from './driver.ts';
import { readRows } from './executor.ts';
import type { LinkRow, Page, PageRequest, PaperRow, TopicRow } from './rows.ts';
import { withResolvedTopics } from './topic-names.ts';
import { int, toNumber } from './values.ts';

export type { MentionRow, PaperRow } from './rows.ts';

export interface PaperFilter {
  /** A Lucene query over titles and abstracts, already made safe. */
  search?: string | null;
  /** Candidate keys of each topic the papers must all mention, in the order `canonicalKeys` gives. */
  topics?: string[][];
  publishedFrom?: string | null;
  publishedTo?: string | null;
  category?: string | null;
  authorKey?: string | null;
}

/** Ids a paper may be stored under, and a DOI it may carry (lower-cased). */
export interface PaperLookup {
  ids: string[];
  doi: string | null;
}

export type PaperOrder = 'ADDED' | 'NEWEST' | 'OLDEST' | 'TITLE' | 'RELEVANCE';

export interface TopicOfPaper {
  topic: TopicRow;
  link: LinkRow;
}

export interface RelatedPaper {
  paper: PaperRow;
  score: number;
  shared: { topic: TopicRow; weight: number }[];
  /** Shared key phrases that are no topic, with what each adds to the score. */
  phrases: { name: string; weight: number }[];
  /** What the two papers' wording adds to the score. */
  text: number;
}

const ADDED: SortKey[] = [{ expr: 'p.addedAt', type: 'datetime' }, { expr: 'p.position' }, { expr: 'p.id' }];

const ORDERS: Record<PaperOrder, SortKey[]> = {
  ADDED,
  NEWEST: [...publishedKeys('p'), { expr: 'p.id' }],
  OLDEST: [
    { expr: 'p.published IS NULL' },
    { expr: `coalesce(p.published, ${NO_DATE})`, type: 'date' },
    { expr: 'p.id' },
  ],
  TITLE: [{ expr: 'toLower(p.title)' }, { expr: 'p.id' }],
  RELEVANCE: [{ expr: 'score', desc: true }, ...ADDED],
};

export class PapersRepo {
  constructor(private readonly db: Database) {}

  async count(): Promise<number> {
    const [n] = await readRows(this.db, 'RETURN COUNT { (:Paper) } AS n', {}, (r) => toNumber(r.get('n')));
    return n ?? 0;
  }

  /** The latest publication date in the graph (ISO), or null when no paper is dated. */
  async newestPublished(): Promise<string | null> {
    // ordered by the indexed property itself, so the index answers without sorting every paper
    const [date] = await readRows(
      this.db,
      'MATCH (p:Paper) WHERE p.published IS NOT NULL RETURN toString(p.published) AS d ORDER BY p.published DESC LIMIT 1',
      {},
      (r) => String(r.get('d')),
    );
    return date ?? null;
  }

  byIds(ids: readonly string[], plan: PaperPlan = FULL_PAPER): Promise<PaperRow[]> {
    const s = new Statement();
    return readRows(
      this.db,
      `UNWIND $ids AS id MATCH (p:Paper {id: id}) RETURN ${paperProjection('p', plan, s)} AS p`,
      { ...s.params, ids },
      (r) => toPlannedPaper(r.get('p'), plan),
    );
  }

  async byId(id: string, plan?: PaperPlan): Promise<PaperRow | null> {
    return (await this.byIds([id], plan))[0] ?? null;
  }

  /** The paper stored under one of the ids, else the one that carries the DOI. */
  async find(lookup: PaperLookup, plan: PaperPlan = FULL_PAPER): Promise<PaperRow | null> {
    const s = new Statement();
    const [row] = await readRows(
      this.db,
      `CALL () {
         UNWIND $ids AS id MATCH (p:Paper {id: id}) RETURN p, 0 AS via
         UNION
         MATCH (p:Paper {doi: $doi}) RETURN p, 1 AS via
       }
       WITH p ORDER BY via, p.id LIMIT 1
       RETURN ${paperProjection('p', plan, s)} AS p`,
      { ...s.params, ids: lookup.ids, doi: lookup.doi },
      (r) => toPlannedPaper(r.get('p'), plan),
    );
    return row ?? null;
  }

  /**
   * One page of the papers that pass the filter, and their total, in one statement. The most selective
   * condition given (search, topic, category, author) is where the match starts.
   */
  async page(filter: PaperFilter, order: PaperOrder, request: PageRequest): Promise<Page<PaperRow>> {
    const topics = filter.topics ?? [];
    const conditions: string[] = [];
    let start: string;
    if (filter.search) {
      start = `CALL db.index.fulltext.queryNodes('paper_text', $search) YIELD node AS p, score`;
      if (topics.length > 0) conditions.push('all(a IN anchors WHERE EXISTS { (p)-[:MENTIONS]->(a) })');
    } else if (topics.length > 0) {
      start = `UNWIND anchors[0..1] AS a0 MATCH (p:Paper)-[m0:MENTIONS]->(a0) WITH p, m0.score AS score, anchors`;
      conditions.push('all(a IN anchors[1..] WHERE EXISTS { (p)-[:MENTIONS]->(a) })');
    } else if (filter.category) {
      start = 'MATCH (p:Paper)-[:IN_CATEGORY]->(:Category {code: $category}) WITH p, 0.0 AS score';
    } else if (filter.authorKey) {
      start = 'MATCH (:Author {key: $author})-[:AUTHORED]->(p:Paper) WITH p, 0.0 AS score';
    } else {
      start = 'MATCH (p:Paper) WITH p, 0.0 AS score';
    }
    if (filter.category && (filter.search || topics.length > 0)) {
      conditions.push('EXISTS { (p)-[:IN_CATEGORY]->(:Category {code: $category}) }');
    }
    if (filter.authorKey && (filter.search || topics.length > 0 || filter.category)) {
      conditions.push('EXISTS { (:Author {key: $author})-[:AUTHORED]->(p) }');
    }
    if (filter.publishedFrom) conditions.push('p.published >= date($from)');
    if (filter.publishedTo) conditions.push('p.published <= date($to)');
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const prelude = (resolve: string) =>
      topics.length > 0 ? `${resolve} WITH anchors WHERE size(anchors) = size($topics)` : '';
    const scope = topics.length > 0 ? 'anchors' : '';
    const paperPlan = request.paperPlan ?? FULL_PAPER;
    const effectiveOrder = order === 'RELEVANCE' && !filter.search && topics.length === 0 ? 'ADDED' : order;
    const keys = ORDERS[effectiveOrder];
    const cypher = (resolve: string, s: Statement) => `${prelude(resolve)}
      CALL (${scope}) {
        ${request.withCount ? `${start} ${where} RETURN count(*) AS total` : 'RETURN null AS total'}
      }
      CALL (${scope}) {
        ${start} ${where}
        WITH p, score ${keysetWhere(s, keys, request)}
        WITH p, score ORDER BY ${orderBy(keys, request.backward)} SKIP $offset LIMIT $limit
        WITH [${keyList(keys)}, ${paperProjection('p', paperPlan, s)}] AS entry
           RETURN collect(entry) AS page
      }
      RETURN page, total`;
    const run = async (resolve: string) => {
      const s = new Statement();
      const text = cypher(resolve, s);
      const [row] = await readRows(
        this.db,
        text,
        {
          ...s.params,
          topics,
          search: filter.search ?? null,
          category: filter.category ?? null,
          author: filter.authorKey ?? null,
          from: filter.publishedFrom ?? null,
          to: filter.publishedTo ?? null,
          offset: int(request.offset),
          limit: int(request.limit),
        },
        (r) => {
          const entries = r.get('page') as [unknown[], unknown][];
          return {
            rows: entries.map(([, p]) => toPlannedPaper(p, paperPlan)),
            keys: entries.map(([k]) => cursorKeys(k)),
            total: r.get('total') === null ? null : toNumber(r.get('total')),
          };
        },
      );
      return row;
    };
    // no row at all: a topic named did not resolve
    return (await withResolvedTopics(run)) ?? { rows: [], total: request.withCount ? 0 : null };
  }
}
