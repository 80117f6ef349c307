import { createRequire } from 'node:module';
import { LRUCache } from 'lru-cache';
import { americanSpelling } from './spelling.ts';
import { spacingVariant } from './variants.ts';
import {
  CLOSED_TO_OPEN,
  GENERIC,
  GREEK_LETTERS,
  HYPHEN_PREFIXES,
  INVARIANT,
  IRREGULAR_PLURALS,
  NAME_PARTICLES,
  OPEN_TO_CLOSED,
  SPACED_PREFIXES,
} from './words.ts';

/**
 * Canonical keys: one key per concept, so that variants of a phrase meet in one Topic. Ingest keys the
 * phrases it extracts with them, the API the names people type (`topic(name:)`).
 */

const HYPHENS = /[\u2010-\u2015\u2212-]+/;
// names typed into topic(name:) are looked up too: a bound keeps a long-running server from growing
export const SINGULAR_CACHE_SIZE = 50_000;
export const singularCache = new LRUCache<string, string>({ max: SINGULAR_CACHE_SIZE });

/** compromise's world: its model and the methods its views run. */
export interface NlpWorld {
  model: unknown;
  methods: { two: { transform: { noun: { toSingular(word: string, model: unknown): string } } } };
}

let world: NlpWorld | undefined;

/**
 * compromise's own noun inflection (what `doc.nouns().toSingular()` runs), called without parsing a
 * document for each word: the same answers, seventy times faster. A process that tags text hands over the
 * compromise it loaded (`useNlpWorld`); one that only keys names loads the smaller build, and only when a
 * word's plural is not settled by the rules below.
 */
export function useNlpWorld(loaded: NlpWorld): void {
  world = loaded;
}

function toSingular(word: string): string {
  world ??= (createRequire(import.meta.url)('compromise/two') as { world(): NlpWorld }).world();
  return world.methods.two.transform.noun.toSingular(word, world.model);
}

/** "networks" → "network", "matrices" → "matrix"; "physics", "analysis" and "data" stay as they are. */
export function singular(word: string): string {
  const lower = word.toLowerCase();
  let cached = singularCache.get(lower);
  if (cached === undefined) {
    if (/^[A-Z0-9]{2,}s$/.test(word)) cached = lower.slice(0, -1);
    else if (INVARIANT.has(lower) || /(ss|us|is|ics|ous)$/.test(lower) || lower.length < 4) cached = lower;
    else if (!lower.endsWith('s') && !IRREGULAR_PLURALS.has(lower)) cached = lower;
    else {
      cached = toSingular(lower) || lower;
      if (cached.includes(' ') || cached.length < 2) cached = lower;
    }
    singularCache.set(lower, cached);
  }
  return cached;
}

const GREEK = /[\u0391-\u03c9\u03d1\u03d5\u03f5]/gu;
const HAS_GREEK = /[\u0391-\u03c9\u03d1\u03d5\u03f5]/u;
// "β-VAE" → "beta-VAE", "βVAE" → "beta-VAE": a Greek letter is a word of its own
const spellGreek = (word: string) =>
  HAS_GREEK.test(word)
    ? word.replace(GREEK, (c) => `-${GREEK_LETTERS.get(c) ?? c}-`).replace(/^-|-$/g, '')
    : word;

/**
 * "Yang-Mills", "Chern-Simons", "de Vries": a capitalised word joined by hyphens to other names, or after a
 * surname particle, is a name, and its final "s" no plural.
 */
export function properName(words: readonly string[]): boolean {
  const last = words[words.length - 1] ?? '';
  const parts = last.split(HYPHENS);
  const capitalised = (p: string) => /^\p{Lu}\p{Ll}/u.test(p) || NAME_PARTICLES.has(p);
  if (parts.length > 1 && parts.every(capitalised) && /^\p{Lu}/u.test(parts[parts.length - 1] ?? ''))
    return true;
  const before = words[words.length - 2]?.split(HYPHENS).pop();
  return before !== undefined && NAME_PARTICLES.has(before) && /^\p{Lu}/u.test(last);
}

function tokens(words: string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    const parts = spellGreek(word.normalize('NFKC'))
      .toLowerCase()
      .replace(/[’']s$/, '')
      .split(HYPHENS)
      .filter((p) => p !== '');
    let glued = '';
    parts.forEach((part, i) => {
      glued += part;
      const joins = HYPHEN_PREFIXES.has(part) && i < parts.length - 1;
      if (!joins) {
        out.push(glued);
        glued = '';
      }
    });
    if (glued) out.push(glued);
  }
  const joined: string[] = [];
  for (let i = 0; i < out.length; i++) {
    const t = out[i] as string;
    if (SPACED_PREFIXES.has(t) && i < out.length - 1) out[i + 1] = t + out[i + 1];
    else joined.push(t);
  }
  return joined.flatMap((t) => (CLOSED_TO_OPEN.get(t) ?? americanSpelling(t)).split(' '));
}

/**
 * The canonical key of a phrase: NFKC, case-folded, hyphen and space variants merged, British spellings
 * made American, the head noun singular.
 */
export function canonicalKey(words: string[], pluralHead: boolean): string {
  const parts = tokens(words);
  const last = words[words.length - 1] ?? '';
  // the tagger misses plurals it reads as names ("Deep Neural Networks"): a final "s" is checked too
  // "CPSs" and "GNNs": an acronym's plural, whatever the tagger read
  const acronymPlural = /^[A-Z0-9]{2,}s$/.test(last);
  if (parts.length > 0 && (pluralHead || acronymPlural || /[^s]s$/i.test(last))) {
    const head = parts.length - 1;
    // "PointNets", "DevOps" are names; "NanoParticles" is a plural written in camel case
    const otherAcronym =
      /^[A-Z0-9]{2,}$/.test(last) || (/[a-z][A-Z]/.test(last) && !/[a-z][A-Z][a-z]{3,}s$/.test(last));
    if (acronymPlural) parts[head] = (parts[head] as string).slice(0, -1);
    else if (!otherAcronym && !properName(words))
      parts[head] = americanSpelling(singular(parts[head] as string));
  }
  let key = parts.join(' ');
  for (const [pattern, closed] of OPEN_TO_CLOSED) key = key.replace(pattern, closed);
  return spacingVariant(key);
}

export function isUsefulKey(key: string): boolean {
  if (key.length < 2 || key.length > 80) return false;
  if (!/\p{L}{2}|\p{L}\p{N}|\p{N}\p{L}/u.test(key)) return false;
  if (!key.includes(' ') && GENERIC.has(key)) return false;
  return true;
}

/** The keys a name typed by a person may have: "Neural Networks" → ["neural network", "neural networks"]. */
export function canonicalKeys(name: string): string[] {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return [];
  return [...new Set([canonicalKey(words, true), canonicalKey(words, false)])].filter((k) => k !== '');
}
