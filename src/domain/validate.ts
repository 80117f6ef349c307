import { normaliseDoi, paperId } from './identity.ts';
import type { PaperRecord } from './record.ts';

export const MAX_TITLE_CHARS = 2_000;
export const MAX_ABSTRACT_CHARS = 1_000_000;

type Where = { source: string; line: number; position: number };

const isString = (v: unknown): v is string => typeof v === 'string';

function optionalString(obj: Record<string, unknown>, key: string): string | null {
  const v = obj[key];
  if (v === undefined || v === null || v === '') return null;
  if (!isString(v)) throw new Error(`"${key}" must be a string, got ${typeof v}`);
  return v.trim() || null;
}

function stringList(obj: Record<string, unknown>, key: string): string[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (isString(v)) return v.trim() ? [v.trim()] : [];
  if (!Array.isArray(v) || !v.every(isString)) throw new Error(`"${key}" must be a list of strings`);
  return v.map((s) => s.trim()).filter((s) => s !== '');
}

/** "2019-03-01", "2019-03-01T12:00:00Z", 2020, "2020" → "2019-03-01" / "2020"; anything else is an error. */
export function publicationDate(value: unknown, key: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1000 && value <= 9999)
    return String(value);
  if (isString(value)) {
    const s = value.trim();
    if (/^\d{4}$/.test(s)) return s;
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
    if (m) {
      const date = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
      if (!Number.isNaN(date.getTime()) && date.toISOString().startsWith(`${m[1]}-${m[2]}-${m[3]}`)) {
        return `${m[1]}-${m[2]}-${m[3]}`;
      }
    }
  }
  throw new Error(`"${key}" is not a date (YYYY-MM-DD) or a year: ${JSON.stringify(value).slice(0, 40)}`);
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Checks one decoded record; throws an Error whose message is the reason it is skipped. */
export function toPaperRecord(value: unknown, where: Where): PaperRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  const obj = value as Record<string, unknown>;
  if (!isString(obj.title))
    throw new Error(obj.title === undefined ? 'no "title"' : '"title" must be a string');
  const title = collapse(obj.title);
  if (title === '') throw new Error('"title" is empty');
  if (title.length > MAX_TITLE_CHARS) throw new Error(`"title" is ${title.length} characters long`);
  if (obj.abstract !== undefined && obj.abstract !== null && !isString(obj.abstract)) {
    throw new Error('"abstract" must be a string');
  }
  const abstract = collapse(isString(obj.abstract) ? obj.abstract : '');
  if (abstract.length > MAX_ABSTRACT_CHARS)
    throw new Error(`"abstract" is ${abstract.length} characters long`);
  const rawId = obj.id === undefined || obj.id === null ? null : String(obj.id);
  const doi = normaliseDoi(optionalString(obj, 'doi'));
  return {
    id: paperId({ id: rawId, doi, title }),
    title,
    abstract,
    published: publicationDate(obj.published, 'published'),
    updated: publicationDate(obj.updated, 'updated'),
    authors: stringList(obj, 'authors').map(collapse),
    categories: stringList(obj, 'categories'),
    url: webAddress(optionalString(obj, 'url')),
    doi,
    ...where,
  };
}

/** Links are followed from mail, feeds and the explorer: only http(s) addresses are kept. */
function webAddress(url: string | null): string | null {
  if (url === null || url === '') return null;
  if (!/^https?:\/\/[^\s]+$/i.test(url)) {
    throw new Error(`"url" is ${JSON.stringify(url.slice(0, 80))}, not an http(s) address`);
  }
  return url;
}
