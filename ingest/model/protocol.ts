import { stemmer } from 'stemmer';

/**
 * The standard keyphrase protocol: lowercase, Porter-stem every word, exact match of stemmed phrases,
 * predictions de-duplicated after stemming (first kept), precision at k divided by k, all gold phrases in
 * recall (also those absent from the text), per-document scores averaged.
 */

export function stemPhrase(phrase: string): string {
  return phrase
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => stemmer(w))
    .join(' ');
}

/** Stemmed predictions in rank order, each once. */
export function dedupeStemmed(predictions: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of predictions) {
    const s = stemPhrase(p);
    if (s !== '' && !seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  }
  return out;
}

export interface AtK {
  p: number;
  r: number;
  f1: number;
}

/**
 * One document's precision, recall and F1 at each k. Gold phrases that coincide after stemming count once
 * (no prediction could match both).
 */
export function scoreDocument(
  predictions: readonly string[],
  gold: readonly string[],
  ks: readonly number[],
): Map<number, AtK> {
  const goldSet = new Set(gold.map(stemPhrase).filter((g) => g !== ''));
  const ranked = dedupeStemmed(predictions);
  const out = new Map<number, AtK>();
  for (const k of ks) {
    const correct = ranked.slice(0, k).filter((p) => goldSet.has(p)).length;
    const p = correct / k;
    const r = goldSet.size === 0 ? 0 : correct / goldSet.size;
    out.set(k, { p, r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r) });
  }
  return out;
}

/** The mean of per-document scores at each k. */
export function average(scores: readonly Map<number, AtK>[], ks: readonly number[]): Map<number, AtK> {
  const out = new Map<number, AtK>();
  for (const k of ks) {
    const sum = { p: 0, r: 0, f1: 0 };
    for (const s of scores) {
      const at = s.get(k);
      if (!at) continue;
      sum.p += at.p;
      sum.r += at.r;
      sum.f1 += at.f1;
    }
    const n = Math.max(scores.length, 1);
    out.set(k, { p: sum.p / n, r: sum.r / n, f1: sum.f1 / n });
  }
  return out;
}
