import { GENERIC } from '../../src/domain/words.ts';
import { looksLikeAcronym } from '../stages/04-acronyms.ts';
import { AMBIGUOUS_MODIFIERS, EVALUATIVE } from '../words/boundaries.ts';
import type { TermCounts } from './corpus-terms.ts';
import { type CorpusStatistics, type KnownPhrases, knownOf } from './features.ts';
import { stemPhrase } from './protocol.ts';

/**
 * What makes a phrase a research concept across a corpus (termhood), as numbers: how often it occurs and
 * stands on its own, how the key-phrase ranker scores it in its papers, how concentrated it is in a few
 * research areas (generic phrases spread evenly, as Kageura and Umino's "unithood and termhood" and the
 * C-value family observe), how it is written, and what its words are. Pure, so training and ingest agree.
 */
export const TERMHOOD_FEATURES = [
  'bias',
  'log df',
  'share on its own',
  'share in titles',
  'mean score',
  'share scored ≥ 0.3',
  'max score',
  'area divergence', // KL of its papers' areas against the corpus'
  'top area share',
  'one word',
  'two words',
  'three or more words',
  'share written in lower case',
  'written as an acronym',
  'has a digit',
  'generic head word',
  'opens with a modifier',
  'mean word idf',
  'head word idf',
  'log times gold in training',
  'share gold in training',
  'log df × mean score',
  'one word × log df',
  'ends in -ing or -ed',
  'share in Title Case',
  'one word × mean score',
  'share inside its commonest extension', // "quantum Monte" almost always in "quantum Monte Carlo"
  'log extensions', // "neural network" extends to many longer concepts
  'inside extension × log df',
  'log first word df share', // "quantum monte": df of the phrase against its first word's as a phrase
  'log head df share',
] as const;

/** How a phrase nests in longer ones across the corpora (the C-value idea): its commonest extension's df. */
export interface Nesting {
  maxExtension: number;
  extensions: number;
  firstWordDf: number;
  headDf: number;
}

export function nestingOf(terms: ReadonlyMap<string, { df: number }>): Map<string, Nesting> {
  const out = new Map<string, Nesting>();
  const entry = (key: string) => {
    let e = out.get(key);
    if (e === undefined) {
      e = { maxExtension: 0, extensions: 0, firstWordDf: 0, headDf: 0 };
      out.set(key, e);
    }
    return e;
  };
  for (const [key, t] of terms) {
    const words = key.split(' ');
    const e = entry(key);
    e.firstWordDf = terms.get(words[0] as string)?.df ?? 0;
    e.headDf = terms.get(words[words.length - 1] as string)?.df ?? 0;
    if (words.length < 2) continue;
    for (const inner of [words.slice(0, -1).join(' '), words.slice(1).join(' ')]) {
      if (!terms.has(inner)) continue;
      const i = entry(inner);
      i.maxExtension = Math.max(i.maxExtension, t.df);
      i.extensions++;
    }
  }
  return out;
}

export type Areas = Record<string, number>;

const MODIFIERS = new Set([
  ...AMBIGUOUS_MODIFIERS,
  ...EVALUATIVE,
  'large',
  'small',
  'high',
  'low',
  'new',
  'first',
]);

function idf(corpus: CorpusStatistics, word: string): number {
  const df = Object.hasOwn(corpus.words.df, word) ? (corpus.words.df[word] as number) : corpus.words.unseen;
  return Math.log(corpus.words.n / Math.max(df, 1)) / Math.log(corpus.words.n);
}

export function termhoodFeatures(
  key: string,
  t: TermCounts,
  areaTotals: Areas,
  corpus: CorpusStatistics,
  known: KnownPhrases,
  nesting: Nesting = { maxExtension: 0, extensions: 0, firstWordDf: 0, headDf: 0 },
): number[] {
  const words = key.split(' ');
  const n = words.length;
  const df = Math.max(t.df, 1);
  const areaSum = Object.values(areaTotals).reduce((a, b) => a + b, 0) || 1;
  const areaCount = Object.keys(areaTotals).length || 1;
  let kl = 0;
  let top = 0;
  for (const [area, c] of Object.entries(t.archives)) {
    const p = c / df;
    const q = ((areaTotals[area] ?? 0) + 1) / (areaSum + areaCount);
    kl += p * Math.log(p / q);
    top = Math.max(top, p);
  }
  const names = Object.entries(t.names);
  const total = names.reduce((a, [, c]) => a + c, 0) || 1;
  const share = (test: (name: string) => boolean) =>
    names.filter(([name]) => test(name)).reduce((a, [, c]) => a + c, 0) / total;
  const best = names.sort((a, b) => b[1] - a[1])[0]?.[0] ?? key;
  const [gold, candidates] = ((k) => [k[1], k[0]])(knownOf(known, stemPhrase(best)));
  const mean = t.sumScore / df;
  const logDf = Math.log(df);
  const idfs = words.map((w) => idf(corpus, w));
  return [
    1,
    logDf,
    t.alone / df,
    t.title / df,
    mean,
    t.strong / df,
    t.maxScore,
    kl,
    top,
    n === 1 ? 1 : 0,
    n === 2 ? 1 : 0,
    n >= 3 ? 1 : 0,
    share((name) => name === name.toLowerCase()),
    share((name) => looksLikeAcronym(name)),
    /\d/.test(key) ? 1 : 0,
    GENERIC.has(words[n - 1] as string) ? 1 : 0,
    MODIFIERS.has(words[0] as string) ? 1 : 0,
    idfs.reduce((a, b) => a + b, 0) / n,
    idfs[n - 1] ?? 0,
    Math.log1p(gold),
    (gold + 0.1) / (candidates + 1),
    logDf * mean,
    (n === 1 ? 1 : 0) * logDf,
    /(?:ing|ed)$/.test(words[n - 1] as string) ? 1 : 0,
    share((name) => name.split(/\s+/).every((w) => /^[\p{Lu}\d]/u.test(w))),
    (n === 1 ? 1 : 0) * mean,
    Math.min(nesting.maxExtension / df, 1),
    Math.log1p(nesting.extensions),
    Math.min(nesting.maxExtension / df, 1) * logDf,
    n === 1 ? 0 : Math.log((df + 1) / (nesting.firstWordDf + 1)),
    n === 1 ? 0 : Math.log((df + 1) / (nesting.headDf + 1)),
  ];
}
