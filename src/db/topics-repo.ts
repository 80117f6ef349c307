import {
  BARE_TOPIC,
  cursorKeys,
  keyList,
  keysetWhere,
  orderBy,
  type SortKey,
  Statement,
  type TopicPlan,
  toPlannedTopic,
  topicProjection,
} from './compile-plan.ts';
import type { Database } from './driver.ts';
import { readRows } from './executor.ts';
import type { LinkRow, Page, PageRequest, PaperRow, TopicRow } from './rows.ts';
import { withResolvedTopics } from './topic-names.ts';
import { int, toNumber } from './values.ts';

export type { TopicRow } from './rows.ts';

export interface TopicFilter {
  /** Lower-case text the key, the display name or an alias contains. */
  nameContains?: string | null;
  minPapers?: number | null;
  community?: number | null;
}

export type TopicOrder = 'PAPER_COUNT' | 'NAME' | 'PAGERANK' | 'GROWTH';
export type TopicPapersOrder = 'SCORE' | 'PUBLISHED';

const BY_PAPERS: SortKey[] = [{ expr: 't.paperCount', desc: true }, { expr: 't.key' }];
/** Topics analytics have not reached last. */
const measured = (property: string): SortKey[] => [
  { expr: `t.${property} IS NULL` },
  { expr: `coalesce(t.${property}, 0.0)`, desc: true },
  ...BY_PAPERS,
];

const TOPIC_ORDERS: Record<TopicOrder, SortKey[]> = {
  PAPER_COUNT: BY_PAPERS,
  NAME: [{ expr: 't.key' }],
  PAGERANK: measured('pagerank'),
  GROWTH: measured('growth'),
};

export interface PaperOfTopic {
  paper: PaperRow;
  link: LinkRow;
}

export interface RelatedTopic {
  topic: TopicRow;
  /** Papers that mention both topics. */
  papers: number;
  /** Pointwise mutual information: how much more often the two appear together than by chance. */
  pmi: number;
  /**
   * max(pmi, 0) × the papers that have both among their ten best topics (what CO_OCCURS stores):
   * frequent and specific pairs first, generic partners last.
   */
  weight: number;
}

export interface TrendPoint {
  year: number;
  papers: number;
}

export interface Suggestion {
  topic: TopicRow;
  /** The name or alias the prefix matched. */
  matched: string;
}

const total = (value: unknown) => (value === null ? null : toNumber(value));

export class TopicsRepo {
  constructor(private readonly db: Database) {}

  /** The topic a name resolves to; `keys` are the name's candidate keys (`canonicalKeys`). */
  async byName(keys: string[], plan: TopicPlan = BARE_TOPIC): Promise<TopicRow | null> {
    const find = async (resolve: string) => {
      const s = new Statement();
      const [row] = await readRows(
        this.db,
        `${resolve} UNWIND anchors AS t RETURN ${topicProjection('t', plan, s)} AS t`,
        { ...s.params, topics: [keys] },
        (r) => toPlannedTopic(r.get('t'), plan),
      );
      return row ?? null;
    };
    return (await withResolvedTopics(find)) ?? null;
  }

  byKeyList(keys: readonly string[]): Promise<TopicRow[]> {
    return readRows(
      this.db,
      `UNWIND $keys AS key MATCH (t:Topic {key: key}) RETURN ${topicProjection('t', BARE_TOPIC, new Statement())} AS t`,
      { keys },
      (r) => toPlannedTopic(r.get('t'), BARE_TOPIC),
    );
  }

  async page(filter: TopicFilter, order: TopicOrder, request: PageRequest): Promise<Page<TopicRow>> {
    const conditions: string[] = [];
    if (filter.nameContains) {
      conditions.push(
        // the key alone, so the text index answers (a scan of names and aliases takes seconds on 770k topics)
        't.key CONTAINS $needle',
      );
    }
    if (filter.minPapers !== undefined && filter.minPapers !== null)
      conditions.push('t.paperCount >= $minPapers');
    if (filter.community !== undefined && filter.community !== null)
      conditions.push('t.community = $community');
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const s = new Statement();
    const topicPlan = request.topicPlan ?? BARE_TOPIC;
    const keys = TOPIC_ORDERS[order];
    const rows = await readRows(
      this.db,
      `CALL () { ${request.withCount ? `MATCH (t:Topic) ${where} RETURN count(t) AS total` : 'RETURN null AS total'} }
       CALL () {
         MATCH (t:Topic) ${where}
         WITH t ${keysetWhere(s, keys, request)}
         WITH t ORDER BY ${orderBy(keys, request.backward)} SKIP $offset LIMIT $limit
         WITH [${keyList(keys)}, ${topicProjection('t', topicPlan, s)}] AS entry
           RETURN collect(entry) AS page
       }
       RETURN page, total`,
      {
        ...s.params,
        needle: filter.nameContains ?? null,
        minPapers: int(filter.minPapers ?? 0),
        community: filter.community === undefined || filter.community === null ? null : int(filter.community),
        offset: int(request.offset),
        limit: int(request.limit),
      },
      (r) => {
        const entries = r.get('page') as [unknown[], unknown][];
        return {
          rows: entries.map(([, t]) => toPlannedTopic(t, topicPlan)),
          keys: entries.map(([k]) => cursorKeys(k)),
          total: total(r.get('total')),
        };
      },
    );
    return rows[0] ?? { rows: [], total: null };
  }

  /** Topics whose key, or an acronym of which, starts with the prefix; the most mentioned first. */
  async autocomplete(prefix: string, request: PageRequest): Promise<Page<Suggestion>> {
    const s = new Statement();
    const topicPlan = request.topicPlan ?? BARE_TOPIC;
    const rows = await readRows(
      this.db,
      // matches are ranked before anything is built from them: a one-letter prefix matches ~50k topics
      `CALL () {
         ${
           request.withCount
             ? `CALL () {
                  MATCH (t:Topic) WHERE t.key STARTS WITH $prefix RETURN t
                  UNION
                  MATCH (a:Alias)-[:ALIAS_OF]->(t:Topic) WHERE a.key STARTS WITH $prefix RETURN t
                }
                RETURN count(t) AS total`
             : 'RETURN null AS total'
         }
       }
       CALL () {
         CALL () {
           MATCH (t:Topic) WHERE t.key STARTS WITH $prefix RETURN t, t.name AS matched, 0 AS via
           UNION
           MATCH (a:Alias)-[:ALIAS_OF]->(t:Topic) WHERE a.key STARTS WITH $prefix RETURN t, a.short AS matched, 1 AS via
         }
         WITH t, matched, via ORDER BY t.paperCount DESC, size(t.key), t.key, via
         WITH t, collect(matched)[0] AS matched
         ORDER BY t.paperCount DESC, size(t.key), t.key SKIP $offset LIMIT $limit
         WITH [${topicProjection('t', topicPlan, s)}, matched] AS entry
         RETURN collect(entry) AS page
       }
       RETURN page, total`,
      { ...s.params, prefix, offset: int(request.offset), limit: int(request.limit) },
      (r) => ({
        rows: (r.get('page') as [unknown, unknown][]).map(([t, matched]) => ({
          topic: toPlannedTopic(t, topicPlan),
          matched: String(matched),
        })),
        total: total(r.get('total')),
      }),
    );
    return rows[0] ?? { rows: [], total: 0 };
  }
}

export interface CommunityRow {
  id: number;
  size: number;
  label: string;
  top: string[];
}

/** Communities of the topic graph as analytics left them, the largest first. */
export async function communitiesPage(db: Database, request: PageRequest): Promise<Page<CommunityRow>> {
  const rows = await readRows(
    db,
    `CALL () { ${request.withCount ? 'MATCH (c:Community) RETURN count(c) AS total' : 'RETURN null AS total'} }
     CALL () {
       MATCH (c:Community) WITH c ORDER BY c.size DESC, c.id SKIP $offset LIMIT $limit
       RETURN collect(c {.id, .size, .label, .top}) AS page
     }
     RETURN page, total`,
    { offset: int(request.offset), limit: int(request.limit) },
    (r) => ({
      rows: (r.get('page') as Record<string, unknown>[]).map((c) => ({
        id: toNumber(c.id),
        size: toNumber(c.size),
        label: String(c.label ?? ''),
        top: (c.top as string[] | null) ?? [],
      })),
      total: total(r.get('total')),
    }),
  );
  return rows[0] ?? { rows: [], total: null };
}
