import { canonicalKey } from '../../src/domain/keys.ts';
import { NAME_HEADS } from '../words/boundaries.ts';
import type { Field } from './02-candidates.ts';
import type { Phrase } from './03-normalise.ts';

/**
 * Stage 4: acronyms defined in the text. "self-supervised learning (SSL)" makes every "SSL" of the paper
 * the long form's topic, and the definition is kept so the graph can make "SSL" an alias of it everywhere.
 */

export interface Definition {
  /** As written: "SSL", "muP". */
  short: string;
  /** Lower-cased, as the key of a topic named by the acronym alone would be. */
  shortKey: string;
  longKey: string;
  /** The long form as written. */
  long: string;
  /** Whether every letter of the acronym starts a word of the long form ("Maximal Update Parametrization"). */
  initials: boolean;
  field: Field;
}

// "SSL", "muP", "GPT-4", "NeRFs": short, with capitals, at most one digit run, no spaces
const ACRONYM = /^(?=[^\s]*\p{Lu})[\p{L}\p{N}-]{2,10}$/u;

export function looksLikeAcronym(surface: string): boolean {
  if (!ACRONYM.test(surface)) return false;
  const capitals = (surface.match(/\p{Lu}/gu) ?? []).length;
  return (
    capitals >= 2 ||
    (capitals === 1 && /\p{Ll}/u.test(surface) && surface.length <= 5 && !/^\p{Lu}\p{Ll}+$/u.test(surface))
  );
}

const alnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Schwartz & Hearst (2003): match the acronym's characters right to left against the long form, the first
 * one at a word start. Returns how many trailing words of `words` form the long form, or 0.
 */
export function longFormLength(short: string, words: string[]): number {
  const s = short.toLowerCase().replace(/s$/, (m) => (short.length > 2 && /[A-Z]s$/.test(short) ? '' : m));
  const l = words.join(' ').toLowerCase();
  let si = s.length - 1;
  let li = l.length - 1;
  while (si >= 0) {
    const c = s[si];
    if (!alnum(c)) {
      si--;
      continue;
    }
    while (li >= 0 && (l[li] !== c || (si === 0 && alnum(l[li - 1])))) li--;
    if (li < 0) return 0;
    li--;
    si--;
  }
  const start = l.lastIndexOf(' ', li) + 1;
  const longForm = l.slice(start);
  const count = longForm.split(' ').length;
  // a long form has at most min(|A| + 5, 2|A|) words
  return count <= Math.min(s.length + 5, s.length * 2) ? count : 0;
}

function allInitials(short: string, long: string[]): boolean {
  const initials = long.flatMap((w) => w.split(/[-\s]/)).map((w) => w[0]?.toLowerCase() ?? '');
  const letters = short
    .replace(/s$/, '')
    .toLowerCase()
    .replace(/[^\p{L}]/gu, '')
    .split('');
  let i = 0;
  for (const initial of initials) if (initial === letters[i]) i++;
  return i === letters.length;
}

export function acronyms(
  texts: Record<Field, string>,
  phrases: Phrase[],
): { phrases: Phrase[]; definitions: Definition[] } {
  const definitions: Definition[] = [];
  const out = phrases.map((p) => ({ ...p }));
  for (let i = 1; i < out.length; i++) {
    const short = out[i] as Phrase;
    const long = out[i - 1] as Phrase;
    if (!short.parenthesised || short.field !== long.field || !looksLikeAcronym(short.surface)) continue;
    const between = texts[short.field].slice(long.end, short.start);
    if (!/^\s*\($/.test(between)) continue;
    const n = longFormLength(short.surface, long.words);
    if (n === 0 || n > long.words.length) continue;
    const words = long.words.slice(long.words.length - n);
    const start = long.wordStarts[long.wordStarts.length - n] ?? long.start;
    long.key = canonicalKey(words, long.pluralHead);
    long.start = start;
    long.words = words;
    long.wordStarts = long.wordStarts.slice(long.wordStarts.length - n);
    long.wordEnds = long.wordEnds.slice(long.wordEnds.length - n);
    long.plurals = long.plurals.slice(long.plurals.length - n);
    long.heads = long.heads.slice(long.heads.length - n);
    long.surface = texts[long.field].slice(start, long.end);
    const shortKey = canonicalKey([short.surface], false);
    if (shortKey === long.key || definitions.some((d) => d.shortKey === shortKey)) continue;
    const head = headAfter(texts[short.field], long, short);
    if (head) {
      // "low-density parity-check (LDPC) codes": the long form and its acronym name "… codes" together
      long.words = [...long.words, head.word];
      long.plurals = [...long.plurals, head.plural];
      long.heads = [...long.heads, true];
      long.wordStarts = [...long.wordStarts, head.start];
      long.wordEnds = [...long.wordEnds, head.end];
      long.pluralHead = head.plural;
      long.key = canonicalKey(long.words, head.plural);
      long.surface = `${long.surface} ${head.word}`;
      long.end = head.end;
      long.aroundAcronym = true;
      const alone = out[i + 1];
      if (alone?.field === long.field && alone.start === head.start && alone.words.length === 1)
        alone.key = '';
    }
    definitions.push({
      short: short.surface,
      shortKey,
      longKey: long.key,
      long: long.surface,
      initials: allInitials(short.surface, words),
      field: short.field,
    });
  }
  const kept = out.filter((p) => p.key !== '');
  if (definitions.length === 0) return { phrases: kept, definitions };
  for (const p of kept) {
    const key = expandAcronyms(p.key, definitions, p.words);
    if (key !== p.key) {
      p.key = key;
      p.expanded = true;
    }
  }
  return { phrases: kept, definitions };
}

/**
 * "Nambu-Jona-Lasinio (NJL) model", "low-density parity-check (LDPC) codes": the word right after the
 * parenthesis belongs to the name when the long form cannot stand alone (a proper name or a hyphenated
 * modifier); "graph neural network (GNN) architectures" keeps its long form as it is.
 */
function headAfter(
  text: string,
  long: Phrase,
  short: Phrase,
): { word: string; start: number; end: number; plural: boolean } | null {
  const match = /^\)[ \t]+(\p{L}+)/u.exec(text.slice(short.end));
  const word = match?.[1];
  if (match === null || word === undefined || !NAME_HEADS.has(word.toLowerCase())) return null;
  const last = long.words[long.words.length - 1] as string;
  if (!/[-\u2010\u2011]/.test(last) && !/^\p{Lu}\p{Ll}/u.test(last)) return null;
  const start = short.end + match[0].length - word.length;
  return { word, start, end: start + word.length, plural: /[^s]s$/.test(word) };
}

/**
 * The key's tokens that belong to an acronym of acronyms ("VQ-VAE", "MS-NeRF"): a name of its own, whose
 * parts a paper that defines one of them ("VQ") does not expand, so it meets the topic the papers that
 * define the whole name give it. Empty when the words do not line up with the key.
 */
function compoundTokens(words: readonly string[], count: number): Set<number> {
  const out = new Set<number>();
  let at = 0;
  for (const word of words) {
    const parts = word.split(/[-\u2010\u2011]+/).filter((w) => w !== '');
    if (parts.length > 1 && parts.filter((w) => /\p{Lu}.*\p{Lu}|^\p{Lu}$/u.test(w)).length >= 2)
      for (let k = 0; k < parts.length; k++) out.add(at + k);
    at += parts.length;
  }
  return at === count ? out : new Set();
}

/** "SSL" → the long form; "SSL models" → "self supervised learning model". */
export function expandAcronyms(
  key: string,
  definitions: readonly Definition[],
  words: readonly string[] = [],
): string {
  if (definitions.length === 0) return key;
  const expand = new Map(definitions.map((d) => [d.shortKey, d.longKey]));
  const tokens = key.split(' ');
  const whole = compoundTokens(words, tokens.length);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    const long = whole.has(i)
      ? undefined
      : (expand.get(t) ?? (t.endsWith('s') ? expand.get(t.slice(0, -1)) : undefined));
    out.push(long ?? t);
    // "NJL model" with NJL = "nambu jona lasinio model": the head is not said twice
    if (long?.endsWith(` ${tokens[i + 1]}`)) i++;
  }
  return out.join(' ');
}
