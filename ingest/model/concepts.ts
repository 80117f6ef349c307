import { existsSync, readFileSync } from 'node:fs';

/**
 * Which phrases are research concepts (`npm run model:concepts` writes the lexicon): a phrase the reference
 * corpora know is a concept when its termhood probability clears the lexicon's threshold; a phrase they
 * do not know is one when the key-phrase ranker is confident of it in its paper, or the paper defines it.
 */
export interface ConceptLexicon {
  version: string;
  /** A known phrase of one, two, three or more words whose probability (in hundredths) reaches this is a concept. */
  thresholds: [number, number, number];
  /** An unknown phrase whose ranker score reaches this is a concept. */
  unseenScore: number;
  /** A known phrase below its threshold is a concept where its paper's ranker score reaches this… */
  confidentScore: number;
  /** …unless the corpora make it this unlikely (×100): "theory", "simulation", "final result", never kept. */
  floor: number;
  /** Per key the corpora hold in at least two documents: the probability that it names a concept, ×100. */
  keys: Record<string, number>;
  trainedOn: string[];
}

/**
 * Below this termhood (×100) no paper's confidence makes a known phrase a topic: judged blind, the topics
 * that came from such phrases were 40% concepts ("functional analysis", "bandit") and 60% generic or junk
 * ("breakdown", "hospital", "Biological implications", "extended version", "Fermilab").
 */
export const CENTRAL_FLOOR = 40;

export type Verdict = 'concept' | 'central' | 'phrase' | 'none';

export const LEXICON_FILE = new URL('./concept-lexicon.json', import.meta.url);

let loaded: ConceptLexicon | null = null;

export function lexicon(): ConceptLexicon {
  if (loaded === null) {
    loaded = existsSync(LEXICON_FILE)
      ? (JSON.parse(readFileSync(LEXICON_FILE, 'utf8')) as ConceptLexicon)
      : {
          version: 'none',
          thresholds: [50, 50, 50],
          unseenScore: 0.4,
          confidentScore: 0.5,
          floor: 10,
          keys: {},
          trainedOn: [],
        };
  }
  return loaded;
}

let usable: Set<string> | null = null;

/**
 * The keys the lexicon may make topics of (all it knows above its floor): what stage 7 finds wherever a
 * paper writes them, so that a topic's papers are all the papers that use it.
 */
export function usableKeys(): ReadonlySet<string> {
  if (usable === null) {
    const l = lexicon();
    usable = new Set(
      Object.entries(l.keys)
        .filter(([, p]) => p >= l.floor)
        .map(([key]) => key),
    );
  }
  return usable;
}

let lengths: Map<string, number> | null = null;

/** Per first word of the usable keys, how many words the longest has: where stage 7 stops looking. */
export function usableLengths(): ReadonlyMap<string, number> {
  if (lengths === null) {
    lengths = new Map();
    for (const key of usableKeys()) {
      const words = key.split(' ');
      const first = words[0] as string;
      lengths.set(first, Math.max(lengths.get(first) ?? 0, words.length));
    }
  }
  return lengths;
}

/** The termhood (×100) a key of its length needs to be a concept whatever its paper. */
const thresholdOf = (l: ConceptLexicon, key: string) =>
  l.thresholds[Math.min(key.split(' ').length, 3) - 1] as number;

/** Whether the corpora hold the key a concept whatever its paper (its termhood clears its length's threshold). */
export function isLexiconConcept(key: string): boolean {
  const l = lexicon();
  return Object.hasOwn(l.keys, key) && (l.keys[key] as number) >= thresholdOf(l, key);
}

/** The probability (0–1) the corpora give the key, or undefined when they do not know it. */
export function termhood(key: string): number | undefined {
  const keys = lexicon().keys;
  return Object.hasOwn(keys, key) ? (keys[key] as number) / 100 : undefined;
}

/**
 * `said`: whether the paper defines the phrase as a long form, and whether its title names it.
 * "concept": a Topic; "central": a concept where this paper is about it (its title names it, or the ranker
 * is confident), a Topic when enough of the phrase's papers are (refreshConcepts: "real world" is central
 * to few of the papers that write it); "phrase": kept on the paper, a Topic once other papers' evidence
 * makes it one; "none": a phrase the corpora know is no concept ("final result"), not kept.
 */
export function verdict(key: string, score: number, said: { defined: boolean; titled: boolean }): Verdict {
  const l = lexicon();
  const known = Object.hasOwn(l.keys, key) ? (l.keys[key] as number) : undefined;
  if (known === undefined)
    return score >= l.unseenScore || said.defined || said.titled ? 'concept' : 'phrase';
  const threshold = thresholdOf(l, key);
  if (known >= threshold || (said.defined && known >= threshold / 2)) return 'concept';
  if (known < l.floor) return 'none';
  if (known < CENTRAL_FLOOR) return 'phrase';
  // "transformer" spreads over physics and machine learning; a paper that is about it says so, and the
  // papers that only use it are linked once it is a topic
  return score >= l.confidentScore || said.titled ? 'central' : 'phrase';
}
