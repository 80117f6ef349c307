import type { Prefetched } from './plans.ts';
import { toNumber } from './query.ts';

/**
 * Row shapes the repositories return, and the Cypher projections that produce them. Mappers read the
 * driver's values directly (neo4j.Integer converted field by field), since a page can hold thousands.
 */

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
  /** Nested lists the statement that loaded the paper loaded with it, by response key. */
  nested?: Record<string, Prefetched>;
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
  nested?: Record<string, Prefetched>;
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

/** The costly parts of a paper, fetched only when a query selects them. */
export interface PaperFields {
  abstract: boolean;
  authors: boolean;
  categories: boolean;
}

export const ALL_PAPER_FIELDS: PaperFields = { abstract: true, authors: true, categories: true };

export const linkMap = (v: string, mentions = true) =>
  mentions ? `${v} { .score, .count, .fields, .starts, .ends }` : `${v} { .score, .count }`;

type Plain = Record<string, unknown>;

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const num = (v: unknown) => (v === null || v === undefined ? null : toNumber(v));
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

export function toPaperRow(value: unknown): PaperRow {
  const p = value as Plain;
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
  const t = value as Plain;
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
  const m = value as Plain;
  const fields = strings(m.fields);
  const starts = Array.isArray(m.starts) ? m.starts : [];
  const ends = Array.isArray(m.ends) ? m.ends : [];
  return {
    score: num(m.score) ?? 0,
    count: num(m.count) ?? 0,
    mentions: fields.map((field, i) => ({
      field: field === 'title' ? 'title' : 'abstract',
      start: toNumber(starts[i] ?? 0),
      end: toNumber(ends[i] ?? 0),
    })),
  };
}
