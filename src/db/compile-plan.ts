import {
  ALL_PAPER_FIELDS,
  linkList,
  num,
  type PaperFields,
  type PaperRow,
  type Prefetched,
  str,
  strings,
  type TopicRow,
  toLinkRow,
} from './rows.ts';
import { int, toNumber } from './values.ts';

/**
 * What a query wants under a paper or a topic, nested lists included, so that one statement can load
 * a whole selection: each nested list becomes a COLLECT subquery inside the node's projection. A
 * projection is a list whose layout the plan fixes; the decoder beside it reads it with the same plan.
 */

export interface Paging {
  offset: number;
  limit: number;
  withCount: boolean;
  /** Keyset paging: the sort keys of the rows the page lies after and before (see `SortKey`). */
  after?: unknown[] | null;
  before?: unknown[] | null;
  /** The page ends at `before`: the rows are read in reverse order (and come back so). */
  backward?: boolean;
}

/**
 * One key of a list's order. Keys must never be null (properties that may be missing come with an IS NULL key
 * before them and a coalesce), so that a row's keys compare with a cursor's. Dates travel in
 * cursors as their ISO text.
 */
export interface SortKey {
  expr: string;
  desc?: boolean;
  type?: 'date' | 'datetime';
}

/** A cursor's keys do not fit the list's order. */
export class CursorMismatchError extends Error {}

export function orderBy(keys: SortKey[], backward = false): string {
  return keys.map((k) => (!!k.desc !== backward ? `${k.expr} DESC` : k.expr)).join(', ');
}

/** The keys of a row, as a cursor stores them. */
export function keyList(keys: SortKey[]): string {
  return `[${keys.map((k) => (k.type ? `toString(${k.expr})` : k.expr)).join(', ')}]`;
}

const ISO = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  datetime: /^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})(?:\[[\w/+-]+\])?$/,
};

/** Rows strictly after (or before) the cursor's keys in the order: (k1 > c1) OR (k1 = c1 AND k2 > c2) … */
function beyond(s: Statement, keys: SortKey[], cursor: unknown[], side: 'after' | 'before'): string {
  if (cursor.length !== keys.length) throw new CursorMismatchError('the cursor is not one of this list');
  const values = keys.map((k, i) => {
    const value = cursor[i];
    const fits = k.type
      ? typeof value === 'string' && ISO[k.type].test(value)
      : ['string', 'number', 'boolean'].includes(typeof value);
    if (!fits) throw new CursorMismatchError('the cursor is not one of this list');
    // integers go as integers, floats as floats: either compares equal to the stored number
    const param = s.param(value);
    return k.type ? `${k.type}(${param})` : param;
  });
  const alternatives = keys.map((k, i) => {
    const equal = keys.slice(0, i).map((e, j) => `${e.expr} = ${values[j]}`);
    const op = (side === 'after') !== !!k.desc ? '>' : '<';
    return [...equal, `${k.expr} ${op} ${values[i]}`].join(' AND ');
  });
  return `(${alternatives.join(' OR ')})`;
}

/** The WHERE clause that keeps the rows between the cursors, or '' when there are none. */
export function keysetWhere(s: Statement, keys: SortKey[], paging: Paging): string {
  const conditions = [
    ...(paging.after ? [beyond(s, keys, paging.after, 'after')] : []),
    ...(paging.before ? [beyond(s, keys, paging.before, 'before')] : []),
  ];
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
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

/** Undated papers sort as if published on this day, after an IS NULL key that puts them last. */
export const NO_DATE = "date('0001-01-01')";

export const publishedKeys = (p: string): SortKey[] => [
  { expr: `${p}.published IS NULL` },
  { expr: `coalesce(${p}.published, ${NO_DATE})`, desc: true, type: 'date' },
];

const PAPERS_OF_TOPIC: Record<'SCORE' | 'PUBLISHED', (m: string, p: string) => SortKey[]> = {
  SCORE: (m, p) => [
    { expr: `${m}.score`, desc: true },
    { expr: `${p}.id`, desc: false },
  ],
  PUBLISHED: (m, p) => [
    ...publishedKeys(p),
    { expr: `${m}.score`, desc: true },
    { expr: `${p}.id`, desc: false },
  ],
};

function page(
  s: Statement,
  paging: Paging,
  match: string,
  keys: SortKey[],
  entry: string,
  count: string,
): string {
  const where = keysetWhere(s, keys, paging);
  const skip = paging.offset > 0 ? `SKIP ${s.param(paging.offset)}` : '';
  const limit = s.param(paging.limit);
  const total = paging.withCount ? `COUNT { ${count} }` : 'null';
  return `[COLLECT { ${match} ${where} ORDER BY ${orderBy(keys, paging.backward)} ${skip} LIMIT ${limit}
    RETURN [${keyList(keys)}, ${entry}] }, ${total}]`;
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
        [{ expr: `${m}.score`, desc: true }, { expr: `${t}.key` }],
        `[${topicProjection(t, plan.topic, s)}, ${linkList(m, plan.mentions, plan.counts)}]`,
        `(${v})-[:MENTIONS]->(:Topic)`,
      );
    }
    case 'paper.related': {
      const [r, q, sc, best, other] = [
        s.variable('r'),
        s.variable('q'),
        s.variable('score'),
        s.variable('best'),
        s.variable('other'),
      ];
      const [i, t, ph] = [s.variable('i'), s.variable('t'), s.variable('ph')];
      // the explanation is what similarity stored: the shared phrases' weights and the text term add up to the score
      const terms = `UNWIND range(0, size(coalesce(${best}.weights, [])) - 1) AS ${i}`;
      const shared = plan.shared
        ? `COLLECT { ${terms} MATCH (${t}:Topic {key: ${best}.shared[${i}]})
             RETURN [${topicProjection(t, plan.shared, s)}, ${best}.weights[${i}]] }`
        : '[]';
      const phrases = `COLLECT { ${terms} MATCH (${ph}:Phrase {key: ${best}.shared[${i}]}) WHERE NOT ${ph}:Topic
             RETURN [${ph}.name, ${best}.weights[${i}]] }`;
      return page(
        s,
        plan,
        `MATCH (${v})-[:SIMILAR_TO]-(${q}:Paper) WITH DISTINCT ${q}
         WITH ${q}, reduce(b = null, x IN [(${v})-[${r}:SIMILAR_TO]-(${q}) | ${r}] |
                           CASE WHEN b IS NULL OR x.score > b.score THEN x ELSE b END) AS ${best}
         WITH ${q}, ${best}, ${best}.score AS ${sc}`,
        [{ expr: sc, desc: true }, { expr: `${q}.id` }],
        `[${paperProjection(q, plan.paper, s)}, ${sc}, ${shared}, ${phrases}, coalesce(${best}.text, 0.0)]`,
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
        [{ expr: w, desc: true }, { expr: `${c}.papers`, desc: true }, { expr: `${o}.key` }],
        // the stored count is of papers that have both among their ten best topics; this is all of them
        `[${topicProjection(o, plan.topic, s)}, COUNT { (${v})<-[:MENTIONS]-(:Paper)-[:MENTIONS]->(${o}) }, ${c}.pmi, ${w}]`,
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
        [{ expr: `${o}.paperCount`, desc: true }, { expr: `${o}.key` }],
        topicProjection(o, plan.topic, s),
        counted,
      );
    }
    case 'topic.trend': {
      // no aggregating function may appear inside a nested projection (Neo4j 5 reads it as the outer
      // clause's aggregation), so years are listed distinct and each counted: from the monthly timeline
      // derive keeps on the topic, or with COUNT {} over its papers where there is none yet
      // the timeline derive keeps on the topic, added up by year as it is decoded (Cypher may not
      // aggregate here); counted from its papers where there is none yet
      const [p, q, y] = [s.variable('p'), s.variable('q'), s.variable('year')];
      return `CASE WHEN ${v}.trendMonths IS NULL THEN
          [[${y} IN COLLECT { MATCH (${v})<-[:MENTIONS]-(${p}:Paper) WHERE ${p}.year IS NOT NULL
            RETURN DISTINCT ${p}.year AS ${y} ORDER BY ${y} } |
            [${y}, COUNT { (${v})<-[:MENTIONS]-(${q}:Paper) WHERE ${q}.year = ${y} }]], null]
        ELSE [[], [${v}.trendMonths, ${v}.trendCounts]] END`;
    }
  }
}

/** A nested list as `nestedList` returns it, [entries, total], decoded by the same plan. */
export function decodeNested(plan: NestedPlan, value: unknown): Prefetched {
  const [list, counted] = value as [unknown[], unknown];
  const decode = entryDecoder(plan);
  if (plan.kind === 'topic.trend') {
    const entries = Array.isArray(counted)
      ? yearsOfTimeline(counted as [unknown[], unknown[]])
      : list.map(decode);
    return { entries, keys: [], total: null };
  }
  const total = counted === null ? null : toNumber(counted);
  const keys: unknown[][] = [];
  const entries = (list as [unknown[], unknown][]).map(([k, entry]) => {
    keys.push(cursorKeys(k));
    return decode(entry);
  });
  return { entries, keys, total };
}

/** A monthly timeline ([202403, …], [papers, …], months ascending) as papers per year, oldest first. */
export function yearsOfTimeline([months, counts]: [unknown[], unknown[]]): {
  year: number;
  papers: number;
}[] {
  const years: { year: number; papers: number }[] = [];
  months.forEach((month, i) => {
    const year = Math.floor(toNumber(month) / 100);
    const papers = toNumber(counts[i] ?? 0);
    const last = years.at(-1);
    if (last?.year === year) last.papers += papers;
    else years.push({ year, papers });
  });
  return years;
}

/** Sort keys as a cursor holds them: numbers for the driver's integers. */
export const cursorKeys = (keys: unknown[]): unknown[] =>
  keys.map((k) => (typeof k === 'string' || typeof k === 'boolean' || k === null ? k : toNumber(k)));

function entryDecoder(plan: NestedPlan): (entry: unknown) => unknown {
  switch (plan.kind) {
    case 'paper.topics':
      return (e) => {
        const [topic, link] = e as unknown[];
        return { topic: toPlannedTopic(topic, plan.topic), link: toLinkRow(link) };
      };
    case 'paper.related':
      return (e) => {
        const [paper, score, shared, phrases, text] = e as [
          unknown,
          unknown,
          unknown[][] | null,
          unknown[][] | null,
          unknown,
        ];
        return {
          paper: toPlannedPaper(paper, plan.paper),
          score: toNumber(score),
          shared: (shared ?? []).map(([topic, weight]) => ({
            topic: toPlannedTopic(topic, plan.shared ?? BARE_TOPIC),
            weight: toNumber(weight),
          })),
          phrases: (phrases ?? []).map(([name, weight]) => ({
            name: String(name),
            weight: toNumber(weight),
          })),
          text: toNumber(text),
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
