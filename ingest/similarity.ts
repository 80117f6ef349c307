import type { SimilarityOptions } from '../src/db/derived-graph-repo.ts';

/**
 * Related papers computed in memory over a whole graph, for the bulk load: the same scores, shared phrases
 * and order as `computeVectorNorms` and `computeSimilarity` (src/db/derived-graph-repo.ts), which an
 * ingest runs in Cypher for the papers it touched, at a fraction of the cost when every paper is new.
 */

export interface Similar {
  id: string;
  score: number;
  shared: string[];
  weights: number[];
  text: number;
}

export interface PaperSimilarity {
  id: string;
  vectorNorm: number;
  similar: Similar[];
}

/** Papers, phrases of two or more papers and the mentions between them, indexed by number. */
export class SimilarityGraph {
  readonly paperIds: string[] = [];
  private readonly paperIndex = new Map<string, number>();
  private readonly vectorOf: (Float32Array | null)[] = [];
  readonly phraseKeys: string[] = [];
  private readonly phraseIndex = new Map<string, number>();
  private readonly df: number[] = [];
  private readonly topic: boolean[] = [];
  /** Per paper, its mentions as phrase numbers and counts. */
  private readonly mentions: { phrase: number[]; count: number[] }[] = [];
  /** Per phrase, its papers and their counts, in the order mentions were added. */
  private readonly postings: { paper: number[]; count: number[] }[] = [];

  addPaper(id: string, textVector: number[] | null): void {
    if (this.paperIndex.has(id)) return;
    this.paperIndex.set(id, this.paperIds.length);
    this.paperIds.push(id);
    this.vectorOf.push(textVector && textVector.length > 0 ? unitFloat32(textVector) : null);
    this.mentions.push({ phrase: [], count: [] });
  }

  /** A phrase whose `paperCount` is two or more; others count for no paper's vector. */
  addPhrase(key: string, paperCount: number, isTopic: boolean): void {
    if (this.phraseIndex.has(key)) return;
    this.phraseIndex.set(key, this.phraseKeys.length);
    this.phraseKeys.push(key);
    this.df.push(paperCount);
    this.topic.push(isTopic);
    this.postings.push({ paper: [], count: [] });
  }

  /** A mention of an added phrase by an added paper; others are ignored, as phrases of one paper are. */
  addMention(paperId: string, phraseKey: string, count: number): void {
    const p = this.paperIndex.get(paperId);
    const t = this.phraseIndex.get(phraseKey);
    if (p === undefined || t === undefined) return;
    const m = this.mentions[p];
    const posting = this.postings[t];
    if (!m || !posting) return;
    m.phrase.push(t);
    m.count.push(count);
    posting.paper.push(p);
    posting.count.push(count);
  }

  get papers(): number {
    return this.paperIds.length;
  }

  /**
   * Each paper's vector norm and its `k` most similar papers, paper by paper in the order they were added.
   * `total` is the graph's paper count, as the Cypher statements read it.
   */
  *compute(
    total: number,
    options: SimilarityOptions,
    dotProduct: DotProduct = 'plain',
  ): Generator<PaperSimilarity> {
    const n = Math.max(total, 2) * 1.0;
    const weight = (t: number, count: number) =>
      Math.log(n / (this.df[t] as number)) * (1.0 + Math.log(count)) * (this.topic[t] ? 1.5 : 1.0);
    const norms = new Float64Array(this.papers);
    for (let p = 0; p < this.papers; p++) {
      const m = this.mentions[p] as { phrase: number[]; count: number[] };
      let sum = 0;
      for (let i = 0; i < m.phrase.length; i++) {
        const w = weight(m.phrase[i] as number, m.count[i] as number);
        sum += w * w;
      }
      norms[p] = Math.sqrt(sum);
    }
    const phraseShare = 1 - options.textShare;
    for (let p = 0; p < this.papers; p++) {
      const id = this.paperIds[p] as string;
      const pn = norms[p] as number;
      if (!(pn > 0)) {
        yield { id, vectorNorm: pn, similar: [] };
        continue;
      }
      const terms = new Map<number, { t: number[]; w: number[] }>();
      const m = this.mentions[p] as { phrase: number[]; count: number[] };
      for (let i = 0; i < m.phrase.length; i++) {
        const t = m.phrase[i] as number;
        const df = this.df[t] as number;
        if (df < 2 || df > options.maxDf) continue;
        // Cypher multiplies the share and both weights' factors left to right, unbracketed: so does this
        const rarity = Math.log(n / df);
        const kind = this.topic[t] ? 1.5 : 1.0;
        const w1 = phraseShare * rarity * (1.0 + Math.log(m.count[i] as number)) * kind;
        const posting = this.postings[t] as { paper: number[]; count: number[] };
        for (let j = 0; j < posting.paper.length; j++) {
          const q = posting.paper[j] as number;
          const qn = norms[q] as number;
          if (q === p || !(qn > 0)) continue;
          const w = (w1 * rarity * (1.0 + Math.log(posting.count[j] as number)) * kind) / (pn * qn);
          let entry = terms.get(q);
          if (!entry) {
            entry = { t: [], w: [] };
            terms.set(q, entry);
          }
          entry.t.push(t);
          entry.w.push(w);
        }
      }
      const candidates: { q: number; shared: string[]; weights: number[]; phrases: number }[] = [];
      for (const [q, entry] of terms) {
        const order = entry.w.map((_, i) => i);
        order.sort((a, b) => {
          const wa = entry.w[a] as number;
          const wb = entry.w[b] as number;
          return (
            wb - wa ||
            compareText(this.phraseKeys[entry.t[a] as number], this.phraseKeys[entry.t[b] as number])
          );
        });
        const kept = order.slice(0, options.shown);
        const weights = kept.map((i) => entry.w[i] as number);
        let phrases = 0.0;
        for (const x of weights) phrases += x;
        candidates.push({
          q,
          shared: kept.map((i) => this.phraseKeys[entry.t[i] as number] as string),
          weights,
          phrases,
        });
      }
      candidates.sort((a, b) => b.phrases - a.phrases || compareText(this.paperIds[a.q], this.paperIds[b.q]));
      const scored = candidates.slice(0, options.candidates).map((c) => {
        const cosine = textCosine(this.vectorOf[p] ?? null, this.vectorOf[c.q] ?? null, dotProduct);
        const text = cosine > 0 ? options.textShare * cosine : 0.0;
        return {
          id: this.paperIds[c.q] as string,
          shared: c.shared,
          weights: c.weights,
          text,
          score: text + c.phrases,
        };
      });
      scored.sort((a, b) => b.score - a.score || compareText(a.id, b.id));
      yield { id, vectorNorm: pn, similar: scored.slice(0, options.k) };
    }
  }
}

function compareText(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

const f = Math.fround;

/**
 * How the server's Lucene adds up a dot product: `fma` rounds each product-and-add once (Lucene uses
 * `Math.fma` on CPUs where scalar FMA is fast, such as AMD Zen and recent Intel), `plain` rounds the
 * product and the sum each to a 32-bit float.
 */
export type DotProduct = 'fma' | 'plain';

const bits = new Float32Array(1);
const word = new Int32Array(bits.buffer);

/** The 32-bit float next to `x` (itself a 32-bit float) in the direction of `toward`. */
function nextFloat32(x: number, toward: number): number {
  if (x === 0) return toward > 0 ? 1.401298464324817e-45 : -1.401298464324817e-45;
  bits[0] = x;
  word[0] = (word[0] as number) + (toward > x === x > 0 ? 1 : -1);
  return bits[0] as number;
}

/**
 * `Math.fma(a, b, c)` in 32-bit floats: the exact `a·b + c` rounded once. The product of two 32-bit floats
 * is exact in a double; the sum may round there, and a double that lands on the midpoint of two 32-bit
 * floats would then round to even where the exact sum lies on one side of it.
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = f(s);
  if (r === s || !Number.isFinite(s)) return r;
  const v = s - p;
  const error = p - (s - v) + (c - v);
  if (error === 0) return r;
  const other = nextFloat32(r, s);
  if (other - s !== s - r) return r;
  // s is a midpoint: the exact sum is past it on the side of its rounding error
  return error > 0 === other > r ? other : r;
}

/**
 * A vector as Neo4j's cosine reads it: scaled to unit length in 64-bit floats, then each coordinate a
 * 32-bit float; null when it has no length.
 */
export function unitFloat32(vector: readonly number[]): Float32Array | null {
  let square = 0.0;
  for (const x of vector) square += x * x;
  if (!(square > 0) || !Number.isFinite(square)) return null;
  const scale = 1.0 / Math.sqrt(square);
  return Float32Array.from(vector, (x) => x * scale);
}

/**
 * `2 · vector.similarity.cosine(a, b) − 1` to the last bit as Neo4j 5 computes it, from `unitFloat32`
 * vectors: Lucene's scalar dot product in 32-bit floats (four running sums past 32 dimensions), scaled to
 * [0, 1] as a 32-bit float; 0 for vectors of other sizes or none, where the statement's ELSE answers.
 */
export function textCosine(
  a: Float32Array | null,
  b: Float32Array | null,
  dotProduct: DotProduct = 'plain',
): number {
  if (!a || !b || a.length !== b.length) return 0.0;
  const add = dotProduct === 'fma' ? fma32 : (x: number, y: number, acc: number) => f(acc + f(x * y));
  let dot = 0;
  let i = 0;
  if (a.length > 32) {
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    const upper = a.length & ~3;
    for (; i < upper; i += 4) {
      s1 = add(a[i] as number, b[i] as number, s1);
      s2 = add(a[i + 1] as number, b[i + 1] as number, s2);
      s3 = add(a[i + 2] as number, b[i + 2] as number, s3);
      s4 = add(a[i + 3] as number, b[i + 3] as number, s4);
    }
    dot = f(dot + f(f(f(s1 + s2) + s3) + s4));
  }
  for (; i < a.length; i++) dot = add(a[i] as number, b[i] as number, dot);
  const scaled = Math.max(f(f(1 + dot) / 2), 0);
  return 2.0 * scaled - 1.0;
}

/**
 * Pairs of vectors on which the two ways of adding up differ: what the server answers for them says which
 * one it uses (`dotProductOf`). Seeded, so every load asks the same.
 */
export function dotProductProbes(count = 24, dimensions = 64): [number[], number[]][] {
  let state = 20261202;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const probes: [number[], number[]][] = [];
  while (probes.length < count) {
    const a = Array.from({ length: dimensions }, next);
    const b = Array.from({ length: dimensions }, next);
    const ua = unitFloat32(a);
    const ub = unitFloat32(b);
    if (textCosine(ua, ub, 'fma') !== textCosine(ua, ub, 'plain')) probes.push([a, b]);
  }
  return probes;
}

/** The way of adding up that gives every answer the server gave for the probes, or null when neither does. */
export function dotProductOf(probes: [number[], number[]][], answers: number[]): DotProduct | null {
  for (const mode of ['fma', 'plain'] as const)
    if (
      probes.length === answers.length &&
      probes.every(([a, b], i) => textCosine(unitFloat32(a), unitFloat32(b), mode) === answers[i])
    )
      return mode;
  return null;
}
