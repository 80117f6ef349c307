import { clean } from './stages/01-clean.ts';
import { candidates } from './stages/02-candidates.ts';
import { normalise } from './stages/03-normalise.ts';
import { acronyms, type Definition } from './stages/04-acronyms.ts';
import { type Mention, rank } from './stages/05-rank.ts';

export const EXTRACTOR_VERSION = 'np-2';

export interface Extraction {
  mentions: Mention[];
  definitions: Definition[];
}

/** The extraction stages in the order they run: clean → candidates → normalise → acronyms → rank. */
export function extract(title: string, abstract: string): Extraction {
  const phrases = [
    ...normalise(title, candidates('title', clean(title))),
    ...normalise(abstract, candidates('abstract', clean(abstract))),
  ];
  const expanded = acronyms({ title, abstract }, phrases);
  const keep = new Set(expanded.definitions.map((d) => d.longKey));
  return { mentions: rank(expanded.phrases, abstract.length, keep), definitions: expanded.definitions };
}
