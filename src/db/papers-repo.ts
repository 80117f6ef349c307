import type { Database } from './driver.ts';
import {
  FULL_PAPER,
  type PaperPlan,
  paperProjection,
  Statement,
  type TopicPlan,
  toPlannedPaper,
} from './plans.ts';
import { int, readRows, toNumber } from './query.ts';
import type { LinkRow, Page, PaperRow, TopicRow } from './rows.ts';
import { withResolvedTopics } from './topics-repo.ts';

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

export type PaperOrder = 'ADDED' | 'NEWEST' | 'OLDEST' | 'TITLE' | 'RELEVANCE';

export interface PageRequest {
  offset: number;
  limit: number;
  withCount: boolean;
  /** What to load of each paper and topic listed, nested lists included; everything flat when absent. */
  paperPlan?: PaperPlan;
  topicPlan?: TopicPlan;
}

export interface TopicOfPaper {
  topic: TopicRow;
  link: LinkRow;
}

export interface RelatedPaper {
  paper: PaperRow;
  score: number;
  shared: { topic: TopicRow; weight: number }[];
}

const ORDERS: Record<PaperOrder, string> = {
  ADDED: 'p.addedAt, p.position, p.id',
  NEWEST: 'p.published IS NULL, p.published DESC, p.id',
  OLDEST: 'p.published IS NULL, p.published, p.id',
  TITLE: 'toLower(p.title), p.id',
  RELEVANCE: 'score DESC, p.addedAt, p.position, p.id',
};

export class PapersRepo {
  constructor(private readonly db: Database) {}

  async count(): Promise<number> {
    const [n] = await readRows(this.db, 'RETURN COUNT { (:Paper) } AS n', {}, (r) => toNumber(r.get('n')));
    return n ?? 0;
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
    const cypher = (resolve: string, s: Statement) => `${prelude(resolve)}
      CALL (${scope}) {
        ${request.withCount ? `${start} ${where} RETURN count(*) AS total` : 'RETURN null AS total'}
      }
      CALL (${scope}) {
        ${start} ${where}
        WITH p, score ORDER BY ${ORDERS[effectiveOrder]} SKIP $offset LIMIT $limit
        WITH ${paperProjection('p', paperPlan, s)} AS entry
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
        (r) => ({
          rows: (r.get('page') as unknown[]).map((p) => toPlannedPaper(p, paperPlan)),
          total: r.get('total') === null ? null : toNumber(r.get('total')),
        }),
      );
      return row;
    };
    // no row at all: a topic named did not resolve
    return (await withResolvedTopics(run)) ?? { rows: [], total: request.withCount ? 0 : null };
  }
}
