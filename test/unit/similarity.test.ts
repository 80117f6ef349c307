import { describe, expect, it } from 'vitest';
import {
  dotProductOf,
  dotProductProbes,
  fma32,
  SimilarityGraph,
  textCosine,
  unitFloat32,
} from '../../ingest/similarity.ts';
import { similarityOptions } from '../../src/db/derived-graph-repo.ts';

/** Papers with phrases: [paper id, [phrase key, count][], text vector]. */
function graph(
  papers: [string, [string, number][], number[] | null][],
  topics: string[] = [],
): SimilarityGraph {
  const g = new SimilarityGraph();
  const df = new Map<string, number>();
  for (const [, phrases] of papers) for (const [key] of phrases) df.set(key, (df.get(key) ?? 0) + 1);
  for (const [id, , vector] of papers) g.addPaper(id, vector);
  for (const [key, n] of df) if (n >= 2) g.addPhrase(key, n, topics.includes(key));
  for (const [id, phrases] of papers) for (const [key, count] of phrases) g.addMention(id, key, count);
  return g;
}

const byId = (g: SimilarityGraph, total: number, options = similarityOptions(total)) =>
  new Map([...g.compute(total, options)].map((row) => [row.id, row]));

describe('paper similarity in memory', () => {
  it('weighs a shared phrase by rarity, repetition and concepthood, over both vector norms', () => {
    // a and b share "spin glass" (a concept, twice in a) and "replica trick"; c shares only "replica trick"
    const g = graph(
      [
        [
          'a',
          [
            ['spin glass', 2],
            ['replica trick', 1],
          ],
          null,
        ],
        [
          'b',
          [
            ['spin glass', 1],
            ['replica trick', 1],
          ],
          null,
        ],
        ['c', [['replica trick', 1]], null],
        ['d', [['lattice gauge theory', 1]], null],
      ],
      ['spin glass'],
    );
    const total = 40;
    const options = { ...similarityOptions(total), textShare: 0 };
    const rows = byId(g, total, options);
    const w = (df: number, count: number, topic: boolean) =>
      Math.log(total / df) * (1 + Math.log(count)) * (topic ? 1.5 : 1);
    const normA = Math.sqrt(w(2, 2, true) ** 2 + w(3, 1, false) ** 2);
    const normB = Math.sqrt(w(2, 1, true) ** 2 + w(3, 1, false) ** 2);
    const a = rows.get('a');
    expect(a?.vectorNorm).toBeCloseTo(normA, 12);
    expect(a?.similar.map((s) => s.id)).toEqual(['b', 'c']);
    expect(a?.similar[0]?.shared).toEqual(['spin glass', 'replica trick']);
    const glass = (w(2, 2, true) * w(2, 1, true)) / (normA * normB);
    expect(a?.similar[0]?.weights[0]).toBeCloseTo(glass, 12);
    expect(a?.similar[0]?.score).toBeCloseTo(a?.similar[0]?.weights.reduce((s, x) => s + x, 0) ?? 0, 12);
    expect(a?.similar[0]?.text).toBe(0);
    // a phrase of one paper is in no vector: d has none, so it is similar to nothing
    expect(rows.get('d')).toEqual({ id: 'd', vectorNorm: 0, similar: [] });
  });

  it('keeps the k best, the shown largest terms, and breaks ties by paper id', () => {
    const phrases = (n: number) =>
      Array.from({ length: n }, (_, i) => [`phrase ${i}`, 1] as [string, number]);
    const g = graph([
      ['hub', phrases(12), null],
      ...Array.from(
        { length: 14 },
        (_, i) => [`p${String(i).padStart(2, '0')}`, phrases(12), null] as [string, [string, number][], null],
      ),
    ]);
    const total = 100;
    const rows = byId(g, total, { ...similarityOptions(total), textShare: 0 });
    const hub = rows.get('hub');
    expect(hub?.similar).toHaveLength(10);
    // all equally similar: the ten first ids
    expect(hub?.similar.map((s) => s.id)).toEqual(Array.from({ length: 10 }, (_, i) => `p0${i}`));
    expect(hub?.similar[0]?.shared).toHaveLength(8);
    // equal weights: phrases by key
    expect(hub?.similar[0]?.shared.slice(0, 3)).toEqual(['phrase 0', 'phrase 1', 'phrase 10']);
  });

  it('drops phrases in more papers than maxDf from similarity but not from norms', () => {
    const g = graph([
      ['a', [['common', 1]], null],
      ['b', [['common', 1]], null],
      ['c', [['common', 1]], null],
    ]);
    const rows = byId(g, 10, { ...similarityOptions(10), maxDf: 2 });
    expect(rows.get('a')?.vectorNorm).toBeGreaterThan(0);
    expect(rows.get('a')?.similar).toEqual([]);
  });

  it('blends in the text cosine for the candidates and reranks by the sum', () => {
    const g = graph([
      [
        'a',
        [
          ['x', 1],
          ['y', 1],
        ],
        [1, 0, 0],
      ],
      [
        'b',
        [
          ['x', 1],
          ['y', 1],
        ],
        [0, 1, 0],
      ],
      ['c', [['x', 1]], [1, 0.1, 0]],
    ]);
    const rows = byId(g, 10);
    const a = rows.get('a');
    // b shares more phrases, c writes alike: c wins once the wording counts
    expect(a?.similar.map((s) => s.id)).toEqual(['c', 'b']);
    expect(a?.similar[1]?.text).toBe(0);
    expect(a?.similar[0]?.text).toBeCloseTo(0.6 * (1 / Math.hypot(1, 0.1)), 6);
  });
});

describe('text cosine as Neo4j computes it', () => {
  it('is the cosine to 32-bit precision, 0 for other sizes or no length', () => {
    const a = unitFloat32([0.3, -0.2, 0.9, 0.1]);
    const b = unitFloat32([0.25, 0.1, 0.8, -0.3]);
    const exact =
      (0.3 * 0.25 - 0.2 * 0.1 + 0.9 * 0.8 - 0.1 * 0.3) /
      (Math.hypot(0.3, 0.2, 0.9, 0.1) * Math.hypot(0.25, 0.1, 0.8, 0.3));
    expect(textCosine(a, b)).toBeCloseTo(exact, 6);
    expect(textCosine(a, unitFloat32([1, 2]))).toBe(0);
    expect(unitFloat32([0, 0, 0, 0])).toBeNull();
    expect(textCosine(a, null)).toBe(0);
    // past 32 dimensions the sums run four ways, as Lucene's do
    const long = Array.from({ length: 130 }, (_, i) => Math.sin(i + 1));
    const other = Array.from({ length: 130 }, (_, i) => Math.cos(3 * i));
    const dot =
      long.reduce((s, x, i) => s + x * (other[i] as number), 0) /
      (Math.hypot(...long) * Math.hypot(...other));
    expect(textCosine(unitFloat32(long), unitFloat32(other))).toBeCloseTo(dot, 6);
    expect(textCosine(unitFloat32(long), unitFloat32(long))).toBeCloseTo(1, 6);
    expect(textCosine(null, b)).toBe(0);
  });

  it('adds up with a fused multiply-add rounding once, also where a double lands on a midpoint', () => {
    const u = 2 ** -23;
    const a = 2 ** -12 * (1 + u);
    const b = 2 ** -12 * (1 - u);
    // a·b + c is 1 + 3·2^-24 − 2^-70: a double rounds it onto the midpoint, which ties to even upwards
    expect(Math.fround(Math.fround(a * b) + (1 + u))).toBe(1 + 2 * u);
    expect(fma32(a, b, 1 + u)).toBe(1 + u);
    // and a plain sum where nothing is lost
    expect(fma32(0.5, 0.25, 1)).toBe(1.125);
    expect(fma32(-0.5, 0.25, 0)).toBe(-0.125);
    const x = unitFloat32(Array.from({ length: 64 }, (_, i) => Math.sin(i + 1))) as Float32Array;
    const y = unitFloat32(Array.from({ length: 64 }, (_, i) => Math.cos(5 * i))) as Float32Array;
    expect(textCosine(x, y, 'fma')).toBeCloseTo(textCosine(x, y, 'plain'), 6);
  });

  it('tells from a server’s answers to seeded probes which way it adds up', () => {
    const probes = dotProductProbes();
    expect(probes).toHaveLength(24);
    const answers = (mode: 'fma' | 'plain') =>
      probes.map(([a, b]) => textCosine(unitFloat32(a), unitFloat32(b), mode));
    expect(dotProductOf(probes, answers('fma'))).toBe('fma');
    expect(dotProductOf(probes, answers('plain'))).toBe('plain');
    // a server that adds up some other way: neither, and the load falls back to the Cypher statement
    expect(
      dotProductOf(
        probes,
        answers('fma').map((c, i) => (i === 3 ? c + 1e-7 : c)),
      ),
    ).toBeNull();
    expect(dotProductOf(probes, [])).toBeNull();
  });
});
