import { clean } from './stages/01-clean.ts';
import { candidates } from './stages/02-candidates.ts';
import { normalise } from './stages/03-normalise.ts';
import { type Mention, rank } from './stages/04-rank.ts';

export const EXTRACTOR_VERSION = 'np-1';

/** The extraction stages in the order they run: clean → candidates → normalise → rank. */
export function extract(title: string, abstract: string): Mention[] {
  const phrases = [
    ...normalise(title, candidates('title', clean(title))),
    ...normalise(abstract, candidates('abstract', clean(abstract))),
  ];
  return rank(phrases, abstract.length);
}
