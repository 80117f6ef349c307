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

// an id alone, after "arXiv:", or in an abs/ or pdf/ address; a version and ".pdf" may follow
const PREFIX = String.raw`(?:^|\/(?:abs|pdf)\/|arxiv:\s*)`;
const SUFFIX = String.raw`(?:v\d+)?(?:\.pdf)?\/?$`;
const NEW_STYLE = new RegExp(`${PREFIX}(\\d{4}\\.\\d{4,5})${SUFFIX}`, 'i');
const OLD_STYLE = new RegExp(`${PREFIX}([a-z][a-z-]*(?:\\.[a-z]{2})?\\/\\d{7})${SUFFIX}`, 'i');
/** arXiv's own DOIs: 10.48550/arXiv.2106.09685 */
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;

/**
 * "2106.09685v2", "arXiv:1501.00096", "http://arxiv.org/abs/hep-th/9901001v1",
 * "https://arxiv.org/pdf/2106.09685v2.pdf", "10.48550/arXiv.2106.09685" → the id without version.
 */
export function arxivId(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.trim().replace(/[?#].*$/, '');
  const match = NEW_STYLE.exec(s) ?? OLD_STYLE.exec(s);
  if (match?.[1]) return match[1];
  const viaDoi = ARXIV_DOI.exec(normaliseDoi(s) ?? '')?.[1];
  return viaDoi ? (NEW_STYLE.exec(viaDoi)?.[1] ?? null) : null;
}

/**
 * DOIs are case-insensitive: "10.1/ABC", "doi:10.1/abc", "https://doi.org/10.1/ABC" and
 * "https://doi.org/10.1%2Fabc" are the same, "10.1/abc".
 */
export function normaliseDoi(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let s = raw.trim();
  if (s.includes('%')) {
    try {
      s = decodeURIComponent(s);
    } catch {
      // not percent-encoded after all
    }
  }
  const match = /(10\.\d{4,9}\/\S+)/.exec(s);
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
