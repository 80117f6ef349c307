import { int, toNumber } from './query.ts';
import {
  ALL_PAPER_FIELDS,
  type LinkRow,
  linkMap,
  type PaperFields,
  type PaperRow,
  type TopicRow,
  toLinkRow,
  toPaperRow,
  toTopicRow,
} from './rows.ts';

/**
 * What a query wants under a paper or a topic, nested lists included, so that one statement can load
 * a whole selection: each nested list becomes a COLLECT subquery inside the node's map projection.
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
  /** Optional scalar properties to return (aliases, pagerank, …); all when absent. */
  scalars?: string[];
  nested: Record<string, NestedPlan>;
}

export type NestedPlan =
  | ({ kind: 'paper.topics'; topic: TopicPlan; mentions: boolean } & Paging)
  | ({ kind: 'paper.related'; paper: PaperPlan; shared: TopicPlan | null } & Paging)
  | ({ kind: 'topic.papers'; order: 'SCORE' | 'PUBLISHED'; paper: PaperPlan; mentions: boolean } & Paging)
  | ({ kind: 'topic.related'; topic: TopicPlan } & Paging)
  | ({ kind: 'topic.broader' | 'topic.narrower'; topic: TopicPlan } & Paging)
  | { kind: 'topic.trend' };

/** A nested list as loaded: its entries, in the shapes the repositories return, and its total. */
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
  return `{entries: COLLECT { ${match} ORDER BY ${order} SKIP ${skip} LIMIT ${limit} RETURN ${entry} }, total: ${total}}`;
}

function nestedMap(v: string, nested: Record<string, NestedPlan>, s: Statement): string {
  const keys = Object.keys(nested);
  if (keys.length === 0) return '';
  const entries = keys.map(
    (key) => `\`${key.replace(/`/g, '')}\`: ${nestedList(v, nested[key] as NestedPlan, s)}`,
  );
  return `, _nested: {${entries.join(', ')}}`;
}

export function paperProjection(v: string, plan: PaperPlan, s: Statement): string {
  const f = plan.fields;
  const want = (name: string) => !plan.scalars || plan.scalars.includes(name);
  const scalars = ['source', 'url', 'doi', 'year'].filter(want).map((name) => `, .${name}`);
  return [
    `${v} { .id, .title${scalars.join('')}`,
    want('published') ? `, published: toString(${v}.published)` : '',
    f.abstract ? ', .abstract' : '',
    f.authors
      ? `, authors: COLLECT { MATCH (a:Author)-[r:AUTHORED]->(${v}) RETURN a.name ORDER BY r.position }`
      : '',
    f.categories
      ? `, categories: COLLECT { MATCH (${v})-[:IN_CATEGORY]->(c:Category) RETURN c.code ORDER BY c.code }`
      : '',
    nestedMap(v, plan.nested, s),
    ' }',
  ].join('');
}

const TOPIC_SCALARS = ['aliases', 'pagerank', 'betweenness', 'community', 'growth'];

export function topicProjection(v: string, plan: TopicPlan, s: Statement): string {
  const scalars = TOPIC_SCALARS.filter((name) => !plan.scalars || plan.scalars.includes(name));
  return `${v} { .key, .name, .paperCount${scalars.map((name) => `, .${name}`).join('')}${nestedMap(v, plan.nested, s)} }`;
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
        `{topic: ${topicProjection(t, plan.topic, s)}, link: ${linkMap(m, plan.mentions)}}`,
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
          RETURN {topic: ${topicProjection(t, plan.shared, s)}, weight: ${w}} }`;
      }
      return page(
        s,
        plan,
        `MATCH (${v})-[:SIMILAR_TO]-(${q}:Paper) WITH DISTINCT ${q}
         WITH ${q}, reduce(best = 0.0, x IN [(${v})-[${r}:SIMILAR_TO]-(${q}) | ${r}.score] |
                           CASE WHEN x > best THEN x ELSE best END) AS ${sc}`,
        `${sc} DESC, ${q}.id`,
        `{paper: ${paperProjection(q, plan.paper, s)}, score: ${sc}, shared: ${shared}}`,
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
        `{paper: ${paperProjection(p, plan.paper, s)}, link: ${linkMap(m, plan.mentions)}}`,
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
        `{topic: ${topicProjection(o, plan.topic, s)}, papers: ${c}.papers, pmi: ${c}.pmi, weight: ${w}}`,
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
      return `{entries: [${y} IN COLLECT { MATCH (${v})<-[:MENTIONS]-(${p}:Paper) WHERE ${p}.year IS NOT NULL
        RETURN DISTINCT ${p}.year AS ${y} ORDER BY ${y} } |
        {year: ${y}, papers: COUNT { (${v})<-[:MENTIONS]-(${q}:Paper) WHERE ${q}.year = ${y} }}], total: null}`;
    }
  }
}

type Plain = Record<string, unknown>;

/** A paper row and, when the statement loaded them, its nested lists. */
export function toPlannedPaper(value: unknown): PaperRow {
  return withNested(toPaperRow(value), value as Plain);
}

export function toPlannedTopic(value: unknown): TopicRow {
  return withNested(toTopicRow(value), value as Plain);
}

function withNested<T extends object>(row: T, plain: Plain): T {
  const nested = plain._nested as Record<string, { entries: unknown[]; total: unknown }> | undefined;
  if (!nested) return row;
  const loaded: Record<string, Prefetched> = {};
  for (const [key, list] of Object.entries(nested)) {
    loaded[key] = { entries: list.entries, total: list.total === null ? null : toNumber(list.total) };
  }
  return { ...row, nested: loaded };
}

/** Entry mappers shared by batched loads and planned statements. */
export const entries = {
  topicOfPaper: (e: unknown) => {
    const x = e as { topic: unknown; link: unknown };
    return { topic: toPlannedTopic(x.topic), link: toLinkRow(x.link) as LinkRow };
  },
  relatedPaper: (e: unknown) => {
    const x = e as { paper: unknown; score: unknown; shared: { topic: unknown; weight: unknown }[] };
    return {
      paper: toPlannedPaper(x.paper),
      score: toNumber(x.score),
      shared: (x.shared ?? []).map((s) => ({ topic: toPlannedTopic(s.topic), weight: toNumber(s.weight) })),
    };
  },
  paperOfTopic: (e: unknown) => {
    const x = e as { paper: unknown; link: unknown };
    return { paper: toPlannedPaper(x.paper), link: toLinkRow(x.link) };
  },
  relatedTopic: (e: unknown) => {
    const x = e as { topic: unknown; papers: unknown; pmi: unknown; weight: unknown };
    return {
      topic: toPlannedTopic(x.topic),
      papers: toNumber(x.papers),
      pmi: toNumber(x.pmi),
      weight: toNumber(x.weight),
    };
  },
  topic: (e: unknown) => toPlannedTopic(e),
  trendPoint: (e: unknown) => {
    const x = e as { year: unknown; papers: unknown };
    return { year: toNumber(x.year), papers: toNumber(x.papers) };
  },
};
