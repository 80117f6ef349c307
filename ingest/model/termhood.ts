import { GENERIC } from '../stages/03-normalise.ts';
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
] as const;

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
  ];
}
