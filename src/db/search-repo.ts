import {
  BARE_TOPIC,
  FULL_PAPER,
  paperProjection,
  Statement,
  toPlannedPaper,
  toPlannedTopic,
  topicProjection,
} from './compile-plan.ts';
import type { Database } from './driver.ts';
import { readRows } from './executor.ts';
import type { Page, PageRequest, PaperRow, TopicRow } from './rows.ts';
import { int, toNumber } from './values.ts';

export type SearchKind = 'paper' | 'topic';

export type SearchHit =
  | { kind: 'paper'; score: number; paper: PaperRow }
  | { kind: 'topic'; score: number; topic: TopicRow };

const INDEXES: Record<SearchKind, string> = {
  paper: `CALL db.index.fulltext.queryNodes('paper_text', $query) YIELD node, score RETURN node, score, 'paper' AS kind`,
  topic: `CALL db.index.fulltext.queryNodes('topic_text', $query) YIELD node, score RETURN node, score, 'topic' AS kind`,
};

/** Full-text search over paper titles and abstracts and topic names and aliases, by relevance. */
export class SearchRepo {
  constructor(private readonly db: Database) {}

  /** `query` must already be a safe Lucene query (see lucene.ts). */
  async search(query: string, kinds: SearchKind[], request: PageRequest): Promise<Page<SearchHit>> {
    const s = new Statement();
    const paperPlan = request.paperPlan ?? FULL_PAPER;
    const topicPlan = request.topicPlan ?? BARE_TOPIC;
    const union = kinds.map((k) => INDEXES[k]).join(' UNION ALL ');
    const rows = await readRows(
      this.db,
      `CALL () { ${request.withCount ? `CALL () { ${union} } RETURN count(*) AS total` : 'RETURN null AS total'} }
       CALL () {
         CALL () { ${union} }
         WITH node, score, kind ORDER BY score DESC, kind, elementId(node) SKIP $offset LIMIT $limit
         WITH [kind, score, CASE kind WHEN 'paper' THEN ${paperProjection('node', paperPlan, s)}
                                     ELSE ${topicProjection('node', topicPlan, s)} END] AS entry
           RETURN collect(entry) AS page
       }
       RETURN page, total`,
      { ...s.params, query, offset: int(request.offset), limit: int(request.limit) },
      (r) => ({
        rows: (r.get('page') as [SearchKind, unknown, unknown][]).map(
          ([kind, score, value]): SearchHit =>
            kind === 'paper'
              ? { kind: 'paper', score: toNumber(score), paper: toPlannedPaper(value, paperPlan) }
              : { kind: 'topic', score: toNumber(score), topic: toPlannedTopic(value, topicPlan) },
        ),
        total: r.get('total') === null ? null : toNumber(r.get('total')),
      }),
    );
    return rows[0] ?? { rows: [], total: null };
  }
}
