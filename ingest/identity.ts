import { createHash } from 'node:crypto';

/** Titles that differ only in case, spacing, punctuation or Unicode form name the same paper. */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The id of a paper that has neither an arXiv id nor a DOI. */
export function stableId(title: string): string {
  return `t-${createHash('sha256').update(normaliseTitle(title)).digest('hex').slice(0, 16)}`;
}

const NEW_STYLE = /(?:^|\/abs\/|arxiv:)(\d{4}\.\d{4,5})(?:v\d+)?$/i;
const OLD_STYLE = /(?:^|\/abs\/|arxiv:)([a-z][a-z-]*(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?$/i;

/** "2106.09685v2", "http://arxiv.org/abs/hep-th/9901001v1", "arXiv:1501.00096" → the id without version. */
export function arxivId(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.trim();
  const match = NEW_STYLE.exec(s) ?? OLD_STYLE.exec(s);
  return match?.[1] ?? null;
}

/** DOIs are case-insensitive; "https://doi.org/10.1/ABC" and "doi:10.1/abc" are the same. */
export function normaliseDoi(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const match = /(10\.\d{4,9}\/\S+)/.exec(raw.trim());
  return match?.[1] ? match[1].toLowerCase().replace(/[.,;]+$/, '') : null;
}

/** The arXiv id when there is one, else the DOI, else a stable id from the normalised title. */
export function paperId(input: { id?: string | null; doi?: string | null; title: string }): string {
  return (
    arxivId(input.id) ?? (normaliseDoi(input.doi) ? `doi:${normaliseDoi(input.doi)}` : stableId(input.title))
  );
}

export function contentHash(parts: (string | null | undefined)[]): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part ?? '\u0000').update('\u0001');
  return hash.digest('hex').slice(0, 20);
}
