import type { Phrase } from '../stages/03-normalise.ts';
import { looksLikeAcronym } from '../stages/04-acronyms.ts';

/**
 * What the key-phrase ranker knows of a candidate topic in its paper: how often and where the paper uses
 * it, how long and how rare (corpus document frequencies) its words are, and how it nests with the
 * paper's other candidates. Pure: the same numbers at training time and at ingest.
 */

export const FEATURES = [
  'bias',
  'log count', // "adapters" three times
  'in title',
  'first position', // 0 at the start of the title, 1 at the end of the abstract
  'spread', // first to last occurrence
  'one word',
  'two words',
  'three words',
  'four or more words',
  'mean word idf',
  'min word idf',
  'head idf',
  'count × idf',
  'log phrases sharing the head', // "speech recognition" among "… recognition"s
  'log longer candidates containing it', // "neural network" inside "recurrent neural network"
  'log shorter candidates inside it',
  'defined long form', // "self-supervised learning (SSL)"
  'acronym',
  'title × words ≥ 2',
  'only inside longer phrases', // "network", never on its own
  'share of occurrences on its own',
  'opens with a modifier', // "high compression ratio"
  'phrase idf', // "neural network" is a candidate in many abstracts, "zero-shot transfer" in few
  'count × phrase idf',
  'one word × only inside longer', // "network" from "neural network"
  'one word × log count',
  'one word × mean word idf',
  'only inside longer × log count',
  'log first position', // the first sentence says what the paper is about
  'log times gold in training', // "genetic algorithm": annotators chose it in many training papers
  'share gold in training', // of the training papers that had it as a candidate, how many chose it
  'candidate in training',
] as const;

export type FeatureVector = number[];

/** Corpus document frequencies of words (lower-cased): `n` documents, `df` per word. */
export interface WordStatistics {
  n: number;
  df: Record<string, number>;
  /** Document frequency assumed for a word the table does not hold (it was rarer than the table's floor). */
  unseen: number;
}

/** How many corpus documents have each topic key among their candidates (`n` documents read). */
export interface PhraseStatistics {
  n: number;
  df: Record<string, number>;
  unseen: number;
}

export interface CorpusStatistics {
  words: WordStatistics;
  phrases: PhraseStatistics;
}

/**
 * Key-phraseness (as in KEA and Maui): per stemmed phrase, in how many training documents it was a
 * candidate and in how many a gold key phrase. Kept for phrases gold at least once or candidates in at
 * least `floor` documents.
 */
export interface KnownPhrases {
  docs: number;
  floor: number;
  counts: Record<string, [candidates: number, gold: number]>;
}

/** What the training documents say of one candidate: [candidate in, gold in]. */
export type Known = readonly [number, number];

export const UNKNOWN: Known = [0, 0];

export function knownOf(table: KnownPhrases, stem: string): Known {
  return Object.hasOwn(table.counts, stem) ? (table.counts[stem] as Known) : UNKNOWN;
}

export interface Group {
  key: string;
  phrases: Phrase[];
}

export interface PaperContext {
  titleLength: number;
  abstractLength: number;
  /** Keys the acronym stage found defined: their long forms. */
  defined: ReadonlySet<string>;
}

export function groupByKey(phrases: readonly Phrase[]): Group[] {
  const groups = new Map<string, Phrase[]>();
  for (const p of phrases) {
    const group = groups.get(p.key);
    if (group) group.push(p);
    else groups.set(p.key, [p]);
  }
  return [...groups].map(([key, list]) => ({ key, phrases: list }));
}

function lookup(table: Record<string, number>, key: string): number | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function phraseIdf(stats: PhraseStatistics, key: string): number {
  const df = lookup(stats.df, key) ?? stats.unseen;
  return Math.log(stats.n / Math.max(df, 1)) / Math.log(stats.n);
}

function idf(stats: WordStatistics, word: string): number {
  // own properties only: "constructor" is a word too
  const singular = word.replace(/s$/, '');
  const df = Object.hasOwn(stats.df, word)
    ? stats.df[word]
    : Object.hasOwn(stats.df, singular)
      ? stats.df[singular]
      : stats.unseen;
  return Math.log(stats.n / Math.max(df ?? stats.unseen, 1)) / Math.log(stats.n);
}

/** Whether `inner`'s words occur, in order and adjacent, in `outer`'s. */
function nests(inner: readonly string[], outer: readonly string[]): boolean {
  if (inner.length >= outer.length) return false;
  for (let i = 0; i + inner.length <= outer.length; i++) {
    if (inner.every((w, j) => outer[i + j] === w)) return true;
  }
  return false;
}

/**
 * `known[i]` is what the training documents say of `groups[i]` (see KnownPhrases). Every group is the
 * context of the others; `only`, when given, says which groups to return vectors for (in their order).
 */
export function featurise(
  groups: readonly Group[],
  paper: PaperContext,
  corpus: CorpusStatistics,
  known: readonly Known[],
  only?: ReadonlySet<number>,
): FeatureVector[] {
  const stats = corpus.words;
  const total = Math.max(paper.titleLength + paper.abstractLength, 1);
  const position = (p: Phrase) => (p.field === 'title' ? p.start : paper.titleLength + p.start) / total;
  const words = groups.map((g) => g.key.split(' '));
  const heads = new Map<string, number>();
  for (const w of words) {
    const head = w[w.length - 1] as string;
    heads.set(head, (heads.get(head) ?? 0) + 1);
  }
  const out: FeatureVector[] = [];
  for (const [i, g] of groups.entries()) {
    if (only !== undefined && !only.has(i)) continue;
    out.push(vector(g, i));
  }
  return out;

  function vector(g: Group, i: number): FeatureVector {
    const own = words[i] as string[];
    const positions = g.phrases.map(position);
    const first = Math.min(...positions);
    const last = Math.max(...positions);
    const idfs = own.map((w) => idf(stats, w));
    const mean = idfs.reduce((a, b) => a + b, 0) / idfs.length;
    const logCount = Math.log(1 + g.phrases.length);
    const inTitle = g.phrases.some((p) => p.field === 'title') ? 1 : 0;
    let containing = 0;
    let inside = 0;
    for (const [j, other] of words.entries()) {
      if (j === i) continue;
      if (nests(own, other)) containing++;
      else if (nests(other, own)) inside++;
    }
    const n = own.length;
    const partOnly = g.phrases.every((p) => p.part) ? 1 : 0;
    const [candidates, gold] = known[i] ?? UNKNOWN;
    return [
      1,
      logCount,
      inTitle,
      first,
      last - first,
      n === 1 ? 1 : 0,
      n === 2 ? 1 : 0,
      n === 3 ? 1 : 0,
      n >= 4 ? 1 : 0,
      mean,
      Math.min(...idfs),
      idfs[idfs.length - 1] ?? 0,
      logCount * mean,
      Math.log((heads.get(own[own.length - 1] as string) ?? 1) - 1 + 1),
      Math.log(1 + containing),
      Math.log(1 + inside),
      paper.defined.has(g.key) ? 1 : 0,
      g.phrases.every((p) => looksLikeAcronym(p.surface)) ? 1 : 0,
      inTitle * (n >= 2 ? 1 : 0),
      partOnly,
      g.phrases.filter((p) => !p.part).length / g.phrases.length,
      g.phrases.some((p) => p.modifierLed) ? 1 : 0,
      phraseIdf(corpus.phrases, g.key),
      logCount * phraseIdf(corpus.phrases, g.key),
      (n === 1 ? 1 : 0) * partOnly,
      (n === 1 ? 1 : 0) * logCount,
      (n === 1 ? 1 : 0) * mean,
      partOnly * logCount,
      Math.log(first + 0.02),
      Math.log1p(gold),
      (gold + 0.1) / (candidates + 1),
      candidates > 0 ? 1 : 0,
    ];
  }
}
