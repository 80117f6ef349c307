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
