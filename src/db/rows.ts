import type { Paging, PaperPlan, TopicPlan } from './compile-plan.ts';
import { toNumber } from './values.ts';

/**
 * Row shapes the repositories return. Statements return rows as lists, not maps: the driver decodes
 * every key of every map in every row, which cost more than the rest of a nested query's mapping.
 * Decoders read the driver's values directly (neo4j.Integer converted field by field).
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
  /** Keys of the other topics one of its acronyms stands for, most defined first. */
  otherSenses: string[];
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

/** A page asked of a repository: where it lies, and what to load of each paper and topic on it. */
export interface PageRequest extends Paging {
  /** What to load of each paper and topic listed, nested lists included; everything flat when absent. */
  paperPlan?: PaperPlan;
  topicPlan?: TopicPlan;
}

/** A nested list as loaded: its entries, decoded to the shapes the repositories return, and its total. */
export interface Prefetched {
  entries: unknown[];
  /** Each entry's sort keys, what its cursor holds. */
  keys: unknown[][];
  total: number | null;
}

export interface Page<T> {
  rows: T[];
  /** Each row's sort keys, for keyset cursors (lists paged by offset leave them out). */
  keys?: unknown[][];
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

export const str = (v: unknown) => (typeof v === 'string' ? v : null);
export const num = (v: unknown) => (v === null || v === undefined ? null : toNumber(v));
export const strings = (v: unknown) =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];

/** A MENTIONS relationship as a list: [score, count (or null)] and, with mentions, [fields, starts, ends]. */
export const linkList = (v: string, mentions = true, counts = true) => {
  const head = `${v}.score, ${counts ? `${v}.count` : 'null'}`;
  return mentions ? `[${head}, ${v}.fields, ${v}.starts, ${v}.ends]` : `[${head}]`;
};

export function toLinkRow(value: unknown): LinkRow {
  const [score, count, rawFields, starts, ends] = value as unknown[];
  const fields = strings(rawFields);
  return {
    score: num(score) ?? 0,
    count: num(count) ?? 0,
    mentions: fields.map((field, i) => ({
      field: field === 'title' ? 'title' : 'abstract',
      start: toNumber((starts as unknown[] | null)?.[i] ?? 0),
      end: toNumber((ends as unknown[] | null)?.[i] ?? 0),
    })),
  };
}
