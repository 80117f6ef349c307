import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

/**
 * A latent semantic space of title-and-abstract wording (`npm run model:text-space` fits it): each word a
 * point in `dims` dimensions, a paper the unit sum of its words' points weighted by TF-IDF. Two papers are
 * close when they use the same words or words the corpora use together ("quark" and "gluon"), which is
 * what the phrase vectors of related papers miss.
 */
export interface TextSpaceFile {
  version: string;
  dims: number;
  words: string[];
  idf: number[];
  /** Per word, what one step of its int8 coordinates is worth. */
  scale: number[];
  /** words × dims int8 coordinates, row-major, base64. */
  vectors: string;
  trainedOn: string[];
}

export interface TextSpace {
  version: string;
  dims: number;
  index: Map<string, number>;
  idf: Float64Array;
  scale: Float64Array;
  vectors: Int8Array;
}

export const TEXT_SPACE_FILE = new URL('./text-space.json', import.meta.url);

const WORD = /[\p{L}][\p{L}\p{N}'-]*[\p{L}\p{N}]|[\p{L}]/gu;

/** Lower-cased words of two or more characters: "Yang-Mills fields" → yang-mills, fields. */
export function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).filter((t) => t.length > 1);
}

/** Eight hex digits of the words and coordinates, part of the version: a refit is another space. */
export function spaceDigest(words: string[], vectors: string): string {
  return createHash('sha256').update(words.join('\n')).update(vectors).digest('hex').slice(0, 8);
}

let loaded: TextSpace | null | undefined;

/** The shipped space, or null when none was fitted (related papers then rank by shared phrases alone). */
export function textSpace(): TextSpace | null {
  if (loaded === undefined) {
    if (!existsSync(TEXT_SPACE_FILE)) loaded = null;
    else {
      const file = JSON.parse(readFileSync(TEXT_SPACE_FILE, 'utf8')) as TextSpaceFile;
      const bytes = Buffer.from(file.vectors, 'base64');
      loaded = {
        version: file.version,
        dims: file.dims,
        index: new Map(file.words.map((w, i) => [w, i])),
        idf: Float64Array.from(file.idf),
        scale: Float64Array.from(file.scale),
        vectors: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      };
    }
  }
  return loaded;
}

/** Sublinear TF-IDF weights of a text's known words, as a unit vector: [word index, weight][]. */
export function wordWeights(space: Pick<TextSpace, 'index' | 'idf'>, text: string): [number, number][] {
  const counts = new Map<number, number>();
  for (const w of words(text)) {
    const i = space.index.get(w);
    if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  const weighted = [...counts].map(
    ([i, c]) => [i, (1 + Math.log(c)) * (space.idf[i] ?? 0)] as [number, number],
  );
  const norm = Math.hypot(...weighted.map(([, w]) => w)) || 1;
  return weighted.map(([i, w]) => [i, w / norm]);
}

/**
 * A paper's point in the space: a unit vector, rounded to 4 decimals, or null when it has no known word
 * (or no space is shipped), so that it has no text similarity rather than a made-up one.
 */
export function textVector(title: string, abstract: string, space = textSpace()): number[] | null {
  if (space === null) return null;
  const v = new Float64Array(space.dims);
  for (const [i, w] of wordWeights(space, `${title}\n${abstract}`)) {
    const o = i * space.dims;
    const s = w * (space.scale[i] ?? 0);
    for (let d = 0; d < space.dims; d++) v[d] = (v[d] ?? 0) + s * (space.vectors[o + d] ?? 0);
  }
  const norm = Math.hypot(...v);
  if (norm === 0) return null;
  // `+ 0` turns -0 into 0: the vector is the same after a round trip through JSON (extraction files)
  return Array.from(v, (x) => Math.round((x / norm) * 1e4) / 1e4 + 0);
}
