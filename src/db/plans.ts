import { int, toNumber } from './query.ts';
import {
  ALL_PAPER_FIELDS,
  linkList,
  num,
  type PaperFields,
  type PaperRow,
  str,
  strings,
  type TopicRow,
  toLinkRow,
} from './rows.ts';

/**
 * What a query wants under a paper or a topic, nested lists included, so that one statement can load
 * a whole selection: each nested list becomes a COLLECT subquery inside the node's projection. A
 * projection is a list whose layout the plan fixes; the decoder beside it reads it with the same plan.
 */

export interface Paging {
  offset: number;
  limit: number;
  withCount: boolean;
}

export interface PaperPlan {
  fields: PaperFields;
  /** Optional scalar properties to return (url, doi, year, published, source); all when absent. */
  scalars?: string[];
  /** By response key (the alias, else the field name). */
  nested: Record<string, NestedPlan>;
}

export interface TopicPlan {
  /** Optional scalar properties to return (paperCount, aliases, pagerank, …); all when absent. */
  scalars?: string[];
  nested: Record<string, NestedPlan>;
}

export type NestedPlan =
  | ({ kind: 'paper.topics'; topic: TopicPlan; mentions: boolean; counts?: boolean } & Paging)
  | ({ kind: 'paper.related'; paper: PaperPlan; shared: TopicPlan | null } & Paging)
  | ({
      kind: 'topic.papers';
      order: 'SCORE' | 'PUBLISHED';
      paper: PaperPlan;
      mentions: boolean;
      counts?: boolean;
    } & Paging)
  | ({ kind: 'topic.related'; topic: TopicPlan } & Paging)
  | ({ kind: 'topic.broader' | 'topic.narrower'; topic: TopicPlan } & Paging)
  | { kind: 'topic.trend' };

/** A nested list as loaded: its entries, decoded to the shapes the repositories return, and its total. */
export interface Prefetched {
  entries: unknown[];
  total: number | null;
}

export const FULL_PAPER: PaperPlan = { fields: ALL_PAPER_FIELDS, nested: {} };
export const BARE_TOPIC: TopicPlan = { nested: {} };

/** Parameters and variable names of one statement being built. */
export class Statement {
  readonly params: Record<string, unknown> = {};
  private n = 0;

  param(value: unknown): string {
    const name = `q${this.n++}`;
    this.params[name] = typeof value === 'number' && Number.isInteger(value) ? int(value) : value;
    return `$${name}`;
  }

  variable(prefix: string): string {
    return `${prefix}_${this.n++}`;
  }
}

const PAPERS_OF_TOPIC: Record<'SCORE' | 'PUBLISHED', (m: string, p: string) => string> = {
  SCORE: (m, p) => `${m}.score DESC, ${p}.id`,
  PUBLISHED: (m, p) => `${p}.published IS NULL, ${p}.published DESC, ${m}.score DESC, ${p}.id`,
};

function page(
  s: Statement,
  paging: Paging,
  match: string,
  order: string,
  entry: string,
  count: string,
): string {
  const skip = s.param(paging.offset);
  const limit = s.param(paging.limit);
  const total = paging.withCount ? `COUNT { ${count} }` : 'null';
  return `[COLLECT { ${match} ORDER BY ${order} SKIP ${skip} LIMIT ${limit} RETURN ${entry} }, ${total}]`;
}

/** Paper properties a plan may leave out (id and title always come). */
export const PAPER_SCALARS = ['source', 'url', 'doi', 'year', 'published'] as const;
/** Topic properties a plan may leave out besides paperCount (key and name always come). */
export const TOPIC_SCALARS = [
  'aliases',
  'pagerank',
  'betweenness',
  'community',
  'growth',
  'otherSenses',
] as const;

const wants = (scalars: string[] | undefined, name: string) => !scalars || scalars.includes(name);

/** [id, title, wanted scalars…, abstract?, authors?, categories?, nested lists…] */
export function paperProjection(v: string, plan: PaperPlan, s: Statement): string {
  const f = plan.fields;
  const parts = [`${v}.id`, `${v}.title`];
  for (const name of PAPER_SCALARS) {
    if (wants(plan.scalars, name))
      parts.push(name === 'published' ? `toString(${v}.published)` : `${v}.${name}`);
  }
  if (f.abstract) parts.push(`${v}.abstract`);
  if (f.authors)
    parts.push(`COLLECT { MATCH (a:Author)-[r:AUTHORED]->(${v}) RETURN a.name ORDER BY r.position }`);
  if (f.categories)
    parts.push(`COLLECT { MATCH (${v})-[:IN_CATEGORY]->(c:Category) RETURN c.code ORDER BY c.code }`);
  for (const nested of Object.values(plan.nested)) parts.push(nestedList(v, nested, s));
  return `[${parts.join(', ')}]`;
}

export function toPlannedPaper(value: unknown, plan: PaperPlan): PaperRow {
  const a = value as unknown[];
  const row: PaperRow = {
    id: String(a[0]),
    title: str(a[1]) ?? '',
    abstract: '',
    source: null,
    url: null,
    doi: null,
    published: null,
    year: null,
    authors: [],
    categories: [],
  };
  let i = 2;
  for (const name of PAPER_SCALARS) {
    if (!wants(plan.scalars, name)) continue;
    if (name === 'year') row.year = num(a[i++]);
    else row[name] = str(a[i++]);
  }
  if (plan.fields.abstract) row.abstract = str(a[i++]) ?? '';
  if (plan.fields.authors) row.authors = strings(a[i++]);
  if (plan.fields.categories) row.categories = strings(a[i++]);
  return withNested(row, plan.nested, a, i);
}

/** [key, name, paperCount (null when not wanted), wanted scalars…, nested lists…] */
export function topicProjection(v: string, plan: TopicPlan, s: Statement): string {
  // integers cost the driver an object each: a count nobody asked for is left out
  const parts = [`${v}.key`, `${v}.name`, wants(plan.scalars, 'paperCount') ? `${v}.paperCount` : 'null'];
  for (const name of TOPIC_SCALARS) if (wants(plan.scalars, name)) parts.push(`${v}.${name}`);
  for (const nested of Object.values(plan.nested)) parts.push(nestedList(v, nested, s));
  return `[${parts.join(', ')}]`;
}

export function toPlannedTopic(value: unknown, plan: TopicPlan): TopicRow {
  const a = value as unknown[];
  const row: TopicRow = {
    key: String(a[0]),
    name: str(a[1]) ?? String(a[0]),
    paperCount: num(a[2]) ?? 0,
    aliases: [],
    pagerank: null,
    betweenness: null,
    community: null,
    growth: null,
    otherSenses: [],
  };
  let i = 3;
  for (const name of TOPIC_SCALARS) {
    if (!wants(plan.scalars, name)) continue;
    if (name === 'aliases' || name === 'otherSenses') row[name] = strings(a[i++]);
    else row[name] = num(a[i++]);
  }
  return withNested(row, plan.nested, a, i);
}

function withNested<T extends PaperRow | TopicRow>(
  row: T,
  nested: Record<string, NestedPlan>,
  values: unknown[],
  from: number,
): T {
  const keys = Object.keys(nested);
  if (keys.length === 0) return row;
  const loaded: Record<string, Prefetched> = {};
  keys.forEach((key, j) => {
    loaded[key] = decodeNested(nested[key] as NestedPlan, values[from + j]);
  });
  row.nested = loaded;
  return row;
}

export function nestedList(v: string, plan: NestedPlan, s: Statement): string {
  switch (plan.kind) {
    case 'paper.topics': {
      const [m, t] = [s.variable('m'), s.variable('t')];
      return page(
        s,
        plan,
        `MATCH (${v})-[${m}:MENTIONS]->(${t}:Topic) WITH ${m}, ${t}`,
        `${m}.score DESC, ${t}.key`,
        `[${topicProjection(t, plan.topic, s)}, ${linkList(m, plan.mentions, plan.counts)}]`,
        `(${v})-[:MENTIONS]->(:Topic)`,
      );
    }
    case 'paper.related': {
      const [r, q, sc, other] = [s.variable('r'), s.variable('q'), s.variable('score'), s.variable('other')];
      let shared = '[]';
      if (plan.shared) {
        const [m1, m2, t, w] = [s.variable('m'), s.variable('m'), s.variable('t'), s.variable('w')];
        shared = `COLLECT { MATCH (${v})-[${m1}:MENTIONS]->(${t}:Topic)<-[${m2}:MENTIONS]-(${q})
          WITH ${t}, ${m1}.score * ${m2}.score * log(toFloat(COUNT { (:Paper) } + 1) / toFloat(${t}.paperCount)) AS ${w}
          ORDER BY ${w} DESC, ${t}.key LIMIT 8
          RETURN [${topicProjection(t, plan.shared, s)}, ${w}] }`;
      }
      return page(
        s,
        plan,
        `MATCH (${v})-[:SIMILAR_TO]-(${q}:Paper) WITH DISTINCT ${q}
         WITH ${q}, reduce(best = 0.0, x IN [(${v})-[${r}:SIMILAR_TO]-(${q}) | ${r}.score] |
                           CASE WHEN x > best THEN x ELSE best END) AS ${sc}`,
        `${sc} DESC, ${q}.id`,
        `[${paperProjection(q, plan.paper, s)}, ${sc}, ${shared}]`,
        `MATCH (${v})-[:SIMILAR_TO]-(${other}:Paper) RETURN DISTINCT ${other}`,
      );
    }
    case 'topic.papers': {
      const [m, p] = [s.variable('m'), s.variable('p')];
      return page(
        s,
        plan,
        `MATCH (${v})<-[${m}:MENTIONS]-(${p}:Paper) WITH ${m}, ${p}`,
        PAPERS_OF_TOPIC[plan.order](m, p),
        `[${paperProjection(p, plan.paper, s)}, ${linkList(m, plan.mentions, plan.counts)}]`,
        `(${v})<-[:MENTIONS]-(:Paper)`,
      );
    }
    case 'topic.related': {
      const [c, o, w] = [s.variable('c'), s.variable('o'), s.variable('w')];
      return page(
        s,
        plan,
        `MATCH (${v})-[${c}:CO_OCCURS]-(${o}:Topic)
         WITH ${o}, ${c}, ${c}.papers * CASE WHEN ${c}.pmi > 0 THEN ${c}.pmi ELSE 0.0 END AS ${w}`,
        `${w} DESC, ${c}.papers DESC, ${o}.key`,
        `[${topicProjection(o, plan.topic, s)}, ${c}.papers, ${c}.pmi, ${w}]`,
        `(${v})-[:CO_OCCURS]-(:Topic)`,
      );
    }
    case 'topic.broader':
    case 'topic.narrower': {
      const o = s.variable('o');
      const pattern =
        plan.kind === 'topic.broader'
          ? `(${o}:Topic)-[:NARROWER]->(${v})`
          : `(${v})-[:NARROWER]->(${o}:Topic)`;
      const counted =
        plan.kind === 'topic.broader' ? `(:Topic)-[:NARROWER]->(${v})` : `(${v})-[:NARROWER]->(:Topic)`;
      return page(
        s,
        plan,
        `MATCH ${pattern} WITH ${o}`,
        `${o}.paperCount DESC, ${o}.key`,
        topicProjection(o, plan.topic, s),
        counted,
      );
    }
    case 'topic.trend': {
      // no aggregating function may appear inside a nested projection (Neo4j 5 reads it as the outer
      // clause's aggregation), so years are listed distinct and each counted with COUNT {}
      const [p, q, y] = [s.variable('p'), s.variable('q'), s.variable('year')];
      return `[[${y} IN COLLECT { MATCH (${v})<-[:MENTIONS]-(${p}:Paper) WHERE ${p}.year IS NOT NULL
        RETURN DISTINCT ${p}.year AS ${y} ORDER BY ${y} } |
        [${y}, COUNT { (${v})<-[:MENTIONS]-(${q}:Paper) WHERE ${q}.year = ${y} }]], null]`;
    }
  }
}

/** A nested list as `nestedList` returns it, [entries, total], decoded by the same plan. */
export function decodeNested(plan: NestedPlan, value: unknown): Prefetched {
  const [list, total] = value as [unknown[], unknown];
  return { entries: list.map(entryDecoder(plan)), total: total === null ? null : toNumber(total) };
}

function entryDecoder(plan: NestedPlan): (entry: unknown) => unknown {
  switch (plan.kind) {
    case 'paper.topics':
      return (e) => {
        const [topic, link] = e as unknown[];
        return { topic: toPlannedTopic(topic, plan.topic), link: toLinkRow(link) };
      };
    case 'paper.related':
      return (e) => {
        const [paper, score, shared] = e as [unknown, unknown, unknown[][] | null];
        return {
          paper: toPlannedPaper(paper, plan.paper),
          score: toNumber(score),
          shared: (shared ?? []).map(([topic, weight]) => ({
            topic: toPlannedTopic(topic, plan.shared ?? BARE_TOPIC),
            weight: toNumber(weight),
          })),
        };
      };
    case 'topic.papers':
      return (e) => {
        const [paper, link] = e as unknown[];
        return { paper: toPlannedPaper(paper, plan.paper), link: toLinkRow(link) };
      };
    case 'topic.related':
      return (e) => {
        const [topic, papers, pmi, weight] = e as unknown[];
        return {
          topic: toPlannedTopic(topic, plan.topic),
          papers: toNumber(papers),
          pmi: toNumber(pmi),
          weight: toNumber(weight),
        };
      };
    case 'topic.broader':
    case 'topic.narrower':
      return (e) => toPlannedTopic(e, plan.topic);
    case 'topic.trend':
      return (e) => {
        const [year, papers] = e as unknown[];
        return { year: toNumber(year), papers: toNumber(papers) };
      };
  }
}
