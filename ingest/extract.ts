import { clean } from './stages/01-clean.ts';
import { candidates } from './stages/02-candidates.ts';
import { normalise } from './stages/03-normalise.ts';
import { acronyms, type Definition } from './stages/04-acronyms.ts';
import { type Mention, rank } from './stages/05-rank.ts';

export const EXTRACTOR_VERSION = 'np-2';

/**
 * Language work reads at most this much of an abstract (real ones are under 5,000 characters); the rest is
 * stored but not searched for topics, so a pathological 1 MB record costs what fifty abstracts do.
 */
export const MAX_EXTRACT_CHARS = 50_000;

export interface Extraction {
  mentions: Mention[];
  definitions: Definition[];
}

/** The extraction stages in the order they run: clean → candidates → normalise → acronyms → rank. */
export function extract(title: string, abstract: string): Extraction {
  const phrases = [
    ...normalise(title, candidates('title', clean(title))),
    ...normalise(abstract, candidates('abstract', clean(abstract.slice(0, MAX_EXTRACT_CHARS)))),
  ];
  const expanded = acronyms({ title, abstract }, phrases);
  const keep = new Set(expanded.definitions.map((d) => d.longKey));
  return { mentions: rank(expanded.phrases, abstract.length, keep), definitions: expanded.definitions };
}
