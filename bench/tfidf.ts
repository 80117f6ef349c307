/**
 * The text-similarity baseline related papers are measured against: TF-IDF cosine over title and abstract
 * (sublinear term frequency, smoothed idf, unit vectors; words in over half the papers dropped), each
 * paper's k nearest by an inverted index.
 */

import { words as tokens } from '../ingest/model/text-space.ts';

export interface Neighbour {
  index: number;
  score: number;
}

export function tfidfNeighbours(texts: string[], k: number): Neighbour[][] {
  const n = texts.length;
  const counts = texts.map((text) => {
    const tf = new Map<string, number>();
    for (const t of tokens(text)) tf.set(t, (tf.get(t) ?? 0) + 1);
    return tf;
  });
  const df = new Map<string, number>();
  for (const tf of counts) for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const vectors = counts.map((tf) => {
    const v: [string, number][] = [];
    for (const [t, c] of tf) {
      const d = df.get(t) ?? 1;
      if (d > n / 2) continue;
      v.push([t, (1 + Math.log(c)) * (Math.log((1 + n) / (1 + d)) + 1)]);
    }
    const norm = Math.hypot(...v.map(([, w]) => w)) || 1;
    return v.map(([t, w]) => [t, w / norm] as [string, number]);
  });
  const postings = new Map<string, [number, number][]>();
  vectors.forEach((v, i) => {
    for (const [t, w] of v) {
      const list = postings.get(t);
      if (list) list.push([i, w]);
      else postings.set(t, [[i, w]]);
    }
  });
  const scores = new Float64Array(n);
  return vectors.map((v, i) => {
    scores.fill(0);
    for (const [t, w] of v)
      for (const [j, x] of postings.get(t) ?? []) scores[j] = (scores[j] as number) + w * x;
    scores[i] = 0;
    const best: Neighbour[] = [];
    for (let j = 0; j < n; j++)
      if ((scores[j] as number) > 0) best.push({ index: j, score: scores[j] as number });
    best.sort((a, b) => b.score - a.score || a.index - b.index);
    return best.slice(0, k);
  });
}
