import nlp from 'compromise';
import { LRUCache } from 'lru-cache';
import { spacingVariant } from '../model/variants.ts';
import { GREEK_LETTERS, NAME_PARTICLES } from '../words/boundaries.ts';
import type { Candidate } from './02-candidates.ts';
import { americanSpelling } from './spelling.ts';

/** Stage 3: one canonical key per concept, so that variants of a phrase meet in one Topic. */

export interface Phrase extends Candidate {
  key: string;
  /** The phrase as written in the text. */
  surface: string;
  /** Set when the key came from an acronym's long form rather than from these words. */
  expanded?: boolean;
}

// "study", "results", "approach": single words that name no topic of their own
export const GENERIC = new Set([
  'study',
  'work',
  'paper',
  'approach',
  'method',
  'result',
  'problem',
  'state',
  'number',
  'lack',
  'gap',
  'there',
  'investigation',
  'way',
  'case',
  'effect',
  'order',
  'part',
  'type',
  'set',
  'use',
  'value',
  'fact',
  'question',
  'aim',
  'goal',
  'task',
  'issue',
  'thing',
  'kind',
  'form',
  'level',
  'range',
  'term',
  'detail',
  'end',
  'time',
  'example',
  'addition',
  'contrast',
  'respect',
  'means',
  'manner',
  'field',
  'area',
  'aspect',
  'experiment',
  'analysis',
  'performance',
  'art',
  'finding',
  'evidence',
  'insight',
  'information',
  'serve',
  'pro',
  'con',
  'property',
  'quest',
  'hinge',
  'saving',
  'line',
  'basis',
  'presence',
  'absence',
  'extent',
  'existence',
  'version',
  'step',
  'model',
  'data',
  'framework',
  'system',
  'technique',
  'tool',
  'scheme',
  'strategy',
  'idea',
  'power',
  'degree',
  'one',
  'someone',
  'something',
  'anything',
  'everything',
  'nothing',
  'everyone',
  'all',
  'both',
  'article',
  'letter',
  'note',
  'author',
  'purpose',
  'context',
  'process',
  'solution',
  'application',
  'function',
  'structure',
  'condition',
  'feature',
  'point',
  'class',
  'role',
  'importance',
  'need',
  'advantage',
  'challenge',
  'improvement',
  'increase',
  'decrease',
  'change',
  'observation',
  'measurement',
  'proof',
  'assumption',
  'quantity',
  'amount',
  'factor',
  'component',
  'element',
  'regard',
  'behavior',
  'account',
  'attention',
  'consequence',
  'implication',
  'possibility',
  'situation',
  'sense',
  'view',
  'word',
  'name',
  'lot',
  'variety',
  'series',
  'source',
  'output',
  'input',
]);

// "pre training", "non linear": prefixes that never stand alone, so they join the next word whether
// written apart or hyphenated
const SPACED_PREFIXES = new Set(
  'pre post re co non multi sub inter intra anti semi hyper bi tri pseudo quasi ultra mis'.split(' '),
);
// "over-parameterization", "de-noising": these join only when hyphenated; apart they are words or names
// ("over the years", "de Sitter space")
const HYPHEN_PREFIXES = new Set([
  ...SPACED_PREFIXES,
  ...'micro macro un de over under super out counter auto mini meta poly mono uni hetero homo extra trans'.split(
    ' ',
  ),
]);
// "finetuning" → "fine tuning", "data set" → "dataset": compounds written both ways
const CLOSED_TO_OPEN = new Map([
  ['finetuning', 'fine tuning'],
  ['finetune', 'fine tune'],
  ['finetuned', 'fine tuned'],
  ['finetunes', 'fine tunes'],
]);
const OPEN_TO_CLOSED: [RegExp, string][] = [
  [/\bdata sets?\b/g, 'dataset'],
  [/\bdata bases?\b/g, 'database'],
  [/\btrade offs?\b/g, 'tradeoff'],
  [/\bwork flows?\b/g, 'workflow'],
];

const HYPHENS = /[\u2010-\u2015\u2212-]+/;
// names typed into topic(name:) are looked up too: a bound keeps a long-running server from growing
export const SINGULAR_CACHE_SIZE = 50_000;
export const singularCache = new LRUCache<string, string>({ max: SINGULAR_CACHE_SIZE });

// "physics", "series", "data", "gas": words a plural rule would break
const INVARIANT = new Set([
  'series',
  'species',
  'news',
  'means',
  'data',
  'media',
  'lens',
  'gas',
  'bias',
  'alias',
  'atlas',
  'canvas',
  'chaos',
  'corps',
  'headquarters',
  'pancreas',
  'kudos',
  'ethos',
  'pathos',
  'cosmos',
  'logos',
  'thermos',
  'biomass',
  'mass',
  'class',
  'process',
  'access',
  'success',
  'stress',
  'loss',
  'less',
  'plus',
  'minus',
  'consensus',
  'status',
  'corpus',
  'bus',
  'virus',
  'campus',
  'census',
  'focus',
  'radius',
  'locus',
  'stimulus',
  'syllabus',
  'nucleus',
  'modulus',
  'calculus',
  'apparatus',
  'hiatus',
  'octopus',
  'genus',
  'humus',
  'fungus',
  'cactus',
  'rebus',
  'thus',
  'us',
  'analysis',
  'basis',
  'thesis',
  'axis',
  'crisis',
  'diagnosis',
  'hypothesis',
  'synthesis',
  'emphasis',
  'parenthesis',
  'genesis',
  'prognosis',
  'osmosis',
  'mitosis',
  'meiosis',
  'fibrosis',
  'sepsis',
  'thrombosis',
  'psoriasis',
  'ellipsis',
  'oasis',
  'tennis',
  'this',
  'its',
  'yes',
  'always',
  'perhaps',
  'whereas',
  'across',
  'various',
  'previous',
  'numerous',
]);

// plurals without a final "s"; any other word without one is taken as singular ("sintheta", "schema")
const IRREGULAR_PLURALS = new Set([
  'criteria',
  'phenomena',
  'bacteria',
  'curricula',
  'spectra',
  'strata',
  'maxima',
  'minima',
  'optima',
  'lemmata',
  'schemata',
  'formulae',
  'vertebrae',
  'nuclei',
  'radii',
  'foci',
  'loci',
  'stimuli',
  'fungi',
  'men',
  'women',
  'children',
  'people',
  'mice',
  'feet',
  'teeth',
  'geese',
  'automata',
  'polyhedra',
  'simplices',
]);

// compromise's own noun inflection (what `doc.nouns().toSingular()` runs), called without parsing a
// document for each word: the same answers, seventy times faster
const world = (
  nlp as unknown as {
    world(): {
      model: unknown;
      methods: { two: { transform: { noun: { toSingular(word: string, model: unknown): string } } } };
    };
  }
).world();
const toSingular = (word: string) => world.methods.two.transform.noun.toSingular(word, world.model);

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
    const otherAcronym = /^[A-Z0-9]{2,}$/.test(last) || /[a-z][A-Z]/.test(last);
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

export function normalise(text: string, found: Candidate[]): Phrase[] {
  const out: Phrase[] = [];
  for (const c of found) {
    const key = canonicalKey(c.words, c.pluralHead);
    if (isUsefulKey(key)) out.push({ ...c, key, surface: text.slice(c.start, c.end) });
  }
  return out;
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
