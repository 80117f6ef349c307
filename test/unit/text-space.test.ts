import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  spaceDigest,
  TEXT_SPACE_FILE,
  type TextSpaceFile,
  textSpace,
  textVector,
  words,
  wordWeights,
} from '../../ingest/model/text-space.ts';

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe('words', () => {
  it('lower-cases words of two or more characters, hyphenated ones whole', () => {
    expect(words('Yang-Mills fields on a 4-manifold, I think')).toEqual([
      'yang-mills',
      'fields',
      'on',
      'manifold',
      'think',
    ]);
  });
});

describe('wordWeights', () => {
  const space = {
    index: new Map([
      ['quark', 0],
      ['gluon', 1],
      ['the', 2],
    ]),
    idf: Float64Array.from([3, 3, 1]),
  };

  it('weights repeated and rare words most, as a unit vector, and skips unknown words', () => {
    const weights = new Map(wordWeights(space, 'quark quark gluon the unknown'));
    expect([...weights.keys()].sort()).toEqual([0, 1, 2]);
    expect(weights.get(0)).toBeGreaterThan(weights.get(1) ?? 0);
    expect(weights.get(1)).toBeGreaterThan(weights.get(2) ?? 0);
    expect(Math.hypot(...weights.values())).toBeCloseTo(1, 12);
  });
});

describe('textVector', () => {
  const space = textSpace();

  it('ships a fitted space, versioned by its content', () => {
    expect(space?.dims).toBe(128);
    expect(space?.index.size).toBeGreaterThan(10_000);
    const file = JSON.parse(readFileSync(TEXT_SPACE_FILE, 'utf8')) as TextSpaceFile;
    expect(file.version).toBe(`lsa-1-128x${file.words.length}-${spaceDigest(file.words, file.vectors)}`);
    expect(spaceDigest(file.words, `${file.vectors}A`)).not.toBe(spaceDigest(file.words, file.vectors));
  });

  it('gives a unit vector of the space’s size', () => {
    const v = textVector('Quark confinement', 'We compute the gluon propagator in lattice QCD.') ?? [];
    expect(v).toHaveLength(space?.dims ?? 0);
    expect(Math.hypot(...v)).toBeCloseTo(1, 3);
  });

  it('puts papers of one field closer than papers of two, also with no word in common', () => {
    const lattice = textVector(
      'Quark confinement on the lattice',
      'We compute the static quark potential and the gluon propagator in lattice gauge theory, and find a linearly rising potential at large distances.',
    );
    const hadrons = textVector(
      'Masses of light hadrons',
      'Meson and baryon masses are obtained from chromodynamics with dynamical fermions; a chiral extrapolation gives the nucleon mass.',
    );
    const graphs = textVector(
      'Colouring planar graphs',
      'We bound the chromatic number of planar graphs without short cycles and prove that every such graph is four-choosable.',
    );
    if (!lattice || !hadrons || !graphs) throw new Error('no vector');
    expect(cosine(lattice, hadrons)).toBeGreaterThan(0.3);
    expect(Math.abs(cosine(lattice, graphs))).toBeLessThan(0.1);
    expect(Math.abs(cosine(hadrons, graphs))).toBeLessThan(0.1);
  });

  it('gives no vector for a text with no known word, nor without a space', () => {
    expect(textVector('Zzqx', 'qqqv wwwx')).toBeNull();
    expect(textVector('Quark confinement', 'gluons', null)).toBeNull();
  });
});
