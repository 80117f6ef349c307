import { existsSync, readFileSync } from 'node:fs';

/**
 * Which phrases are research concepts (`npm run model:concepts` writes the lexicon): a phrase the reference
 * corpora know is a concept when its termhood probability clears the lexicon's threshold; a phrase they
 * do not know is one when the key-phrase ranker is confident of it in its paper, or the paper defines it.
 */
export interface ConceptLexicon {
  version: string;
  /** A known phrase whose probability (in hundredths) reaches this is a concept. */
  threshold: number;
  /** An unknown phrase whose ranker score reaches this is a concept. */
  unseenScore: number;
  /** Per key the corpora hold in at least two documents: the probability that it names a concept, ×100. */
  keys: Record<string, number>;
  trainedOn: string[];
}

export type Verdict = 'concept' | 'phrase' | 'none';

export const LEXICON_FILE = new URL('./concept-lexicon.json', import.meta.url);

let loaded: ConceptLexicon | null = null;

export function lexicon(): ConceptLexicon {
  if (loaded === null) {
    loaded = existsSync(LEXICON_FILE)
      ? (JSON.parse(readFileSync(LEXICON_FILE, 'utf8')) as ConceptLexicon)
      : { version: 'none', threshold: 50, unseenScore: 0.4, keys: {}, trainedOn: [] };
  }
  return loaded;
}

/** The probability (0–1) the corpora give the key, or undefined when they do not know it. */
export function termhood(key: string): number | undefined {
  const keys = lexicon().keys;
  return Object.hasOwn(keys, key) ? (keys[key] as number) / 100 : undefined;
}

/**
 * `vouched`: the paper defines the phrase as a long form or names it in its title.
 * "concept": a Topic; "phrase": kept on the paper, a Topic once another paper's evidence makes it one;
 * "none": a phrase the corpora know is no concept ("final result"), not kept.
 */
export function verdict(key: string, score: number, vouched: boolean): Verdict {
  const l = lexicon();
  const known = Object.hasOwn(l.keys, key) ? (l.keys[key] as number) : undefined;
  if (known !== undefined) {
    if (known >= l.threshold || (vouched && known >= l.threshold / 2)) return 'concept';
    return 'none';
  }
  return score >= l.unseenScore || vouched ? 'concept' : 'phrase';
}
