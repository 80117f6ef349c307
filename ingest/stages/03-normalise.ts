import nlp from 'compromise';
import type { Candidate } from './02-candidates.ts';

/** Stage 3: one canonical key per concept, so that variants of a phrase meet in one Topic. */

export interface Phrase extends Candidate {
  key: string;
  /** The phrase as written in the text. */
  surface: string;
}

// "study", "results", "approach": single words that name no topic of their own
const GENERIC = new Set([
  'study',
  'studies',
  'work',
  'works',
  'paper',
  'papers',
  'approach',
  'approaches',
  'method',
  'methods',
  'result',
  'results',
  'problem',
  'problems',
  'state',
  'number',
  'lack',
  'gap',
  'there',
  'investigation',
  'way',
  'ways',
  'case',
  'cases',
  'effect',
  'effects',
  'order',
  'orders',
  'part',
  'parts',
  'type',
  'types',
  'set',
  'sets',
  'use',
  'value',
  'values',
  'fact',
  'question',
  'questions',
  'aim',
  'goal',
  'task',
  'tasks',
  'issue',
  'issues',
  'thing',
  'things',
  'kind',
  'kinds',
  'form',
  'forms',
  'level',
  'levels',
  'range',
  'terms',
  'term',
  'details',
  'detail',
  'end',
  'time',
  'times',
  'example',
  'examples',
  'addition',
  'contrast',
  'respect',
  'means',
  'manner',
  'field',
  'fields',
  'area',
  'areas',
  'aspect',
  'aspects',
  'experiment',
  'experiments',
  'analysis',
  'performance',
  'art',
  'findings',
  'finding',
  'evidence',
  'insight',
  'insights',
  'information',
  'serves',
  'pros',
  'cons',
  'property',
  'properties',
  'quest',
  'hinge',
  'savings',
  'lines',
  'line',
  'basis',
  'presence',
  'absence',
  'extent',
  'existence',
  'version',
  'versions',
  'step',
  'steps',
  'model',
  'models',
  'data',
  'framework',
  'system',
  'systems',
  'technique',
  'techniques',
  'tool',
  'tools',
  'scheme',
  'strategy',
  'strategies',
  'idea',
  'ideas',
  'power',
  'degree',
  'one',
  'ones',
  'someone',
  'something',
  'anything',
  'everything',
  'nothing',
  'everyone',
  'all',
  'both',
]);

const singularCache = new Map<string, string>();

/** "networks" → "network", "analyses" → "analysis"; compromise knows the irregular ones. */
export function singular(word: string): string {
  const lower = word.toLowerCase();
  let cached = singularCache.get(lower);
  if (cached === undefined) {
    const doc = nlp(lower);
    doc.tag('Plural');
    cached = doc.nouns().toSingular().text('normal') || lower;
    if (cached.includes(' ') || cached.length < 2) cached = lower;
    singularCache.set(lower, cached);
  }
  return cached;
}

/** The canonical key of a phrase: NFKC, case-folded, hyphens as spaces, the head noun singular. */
export function canonicalKey(words: string[], pluralHead: boolean): string {
  const parts = words
    .join(' ')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‐‑‒–—-]+/g, ' ')
    .replace(/[’']s$/, '')
    .split(/\s+/)
    .filter((w) => w !== '');
  const head = parts.length - 1;
  if (pluralHead && head >= 0) {
    const last = parts[head] as string;
    if (!isAcronymLike(words[words.length - 1] ?? '')) parts[head] = singular(last);
  }
  return parts.join(' ');
}

function isAcronymLike(word: string): boolean {
  return /^[A-Z0-9]{2,}s?$/.test(word) || /[a-z][A-Z]/.test(word);
}

export function isUsefulKey(key: string): boolean {
  if (key.length < 2 || key.length > 80) return false;
  if (!/\p{L}{2}/u.test(key)) return false;
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
  return [...new Set([canonicalKey(words, true), canonicalKey(words, false)])];
}
