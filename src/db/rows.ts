import { toNumber, toPlain } from './query.ts';

/** Row shapes the repositories return, and the Cypher projections that produce them. */

export interface PaperRow {
  id: string;
  title: string;
  abstract: string;
  source: string | null;
  url: string | null;
  doi: string | null;
  /** ISO date (YYYY-MM-DD). */
  published: string | null;
  year: number | null;
  authors: string[];
  categories: string[];
}

export interface TopicRow {
  key: string;
  name: string;
  aliases: string[];
  paperCount: number;
  pagerank: number | null;
  betweenness: number | null;
  community: number | null;
  growth: number | null;
}

export interface MentionRow {
  field: 'title' | 'abstract';
  start: number;
  end: number;
}

/** What a MENTIONS relationship says about one paper and one topic. */
export interface LinkRow {
  score: number;
  count: number;
  mentions: MentionRow[];
}

export interface Page<T> {
  rows: T[];
  /** Set when the caller asked for the total. */
  total: number | null;
}

export const paperMap = (v: string) => `${v} {
  .id, .title, .abstract, .source, .url, .doi, .year, published: toString(${v}.published),
  authors: COLLECT { MATCH (a:Author)-[r:AUTHORED]->(${v}) RETURN a.name ORDER BY r.position },
  categories: COLLECT { MATCH (${v})-[:IN_CATEGORY]->(c:Category) RETURN c.code ORDER BY c.code }
}`;

export const topicMap = (v: string) =>
  `${v} { .key, .name, .aliases, .paperCount, .pagerank, .betweenness, .community, .growth }`;

export const linkMap = (v: string) => `${v} { .score, .count, .fields, .starts, .ends }`;

type Plain = Record<string, unknown>;

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const num = (v: unknown) => (v === null || v === undefined ? null : toNumber(v));
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

export function toPaperRow(value: unknown): PaperRow {
  const p = toPlain(value) as Plain;
  return {
    id: String(p.id),
    title: str(p.title) ?? '',
    abstract: str(p.abstract) ?? '',
    source: str(p.source),
    url: str(p.url),
    doi: str(p.doi),
    published: str(p.published),
    year: num(p.year),
    authors: strings(p.authors),
    categories: strings(p.categories),
  };
}

export function toTopicRow(value: unknown): TopicRow {
  const t = toPlain(value) as Plain;
  return {
    key: String(t.key),
    name: str(t.name) ?? String(t.key),
    aliases: strings(t.aliases),
    paperCount: num(t.paperCount) ?? 0,
    pagerank: num(t.pagerank),
    betweenness: num(t.betweenness),
    community: num(t.community),
    growth: num(t.growth),
  };
}

export function toLinkRow(value: unknown): LinkRow {
  const m = toPlain(value) as Plain;
  const fields = strings(m.fields);
  const starts = (m.starts as number[] | null) ?? [];
  const ends = (m.ends as number[] | null) ?? [];
  return {
    score: num(m.score) ?? 0,
    count: num(m.count) ?? 0,
    mentions: fields.map((field, i) => ({
      field: field === 'title' ? 'title' : 'abstract',
      start: starts[i] ?? 0,
      end: ends[i] ?? 0,
    })),
  };
}
