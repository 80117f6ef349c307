import { LRUCache } from 'lru-cache';
import { canonicalKey, isUsefulKey } from '../../src/domain/keys.ts';
import { usableKeys, usableLengths } from '../model/concepts.ts';
import type { PaperContext } from '../model/features.ts';
import { TIME_WORDS, TITLE_BOILERPLATE, UNITS } from '../words/boundaries.ts';
import type { Field } from './02-candidates.ts';
import type { Phrase } from './03-normalise.ts';
import { looksLikeAcronym } from './04-acronyms.ts';
import { namesGoOn, namesHead } from './05-parts.ts';
import { type RankedMention, scoreAll } from './06-rank.ts';

/**
 * Stage 7: the concepts a paper uses beyond the phrases stages 2–5 read. The tagger misreads words inside
 * long phrases ("neural networks serves" read as a verb) and a concept may sit inside a longer name, so a
 * paper that writes a concept the corpora know is not always given it. Every run of words with nothing but
 * spaces between them whose key the lexicon may make a topic becomes a mention scored by the ranker at its
 * own place in the paper. Such a mention links the paper to the concept once it is a topic; on its own it
 * makes no topic, and it counts among the papers that use a phrase but are not about it ("real world").
 */

// "Bose-Einstein", "3-manifold", "two-dimensional": hyphen-joined words are one word, so no use starts
// or ends inside one
const WORD = /[\p{L}\p{N}]+(?:['\u2019\u2010\u2011-][\p{L}\p{N}]+)*/gu;
const LONGEST = 6;

interface Word {
  text: string;
  start: number;
  end: number;
  /** Lower case, hyphens as spaces: the form lexicon keys are written in. */
  plain: string;
  /** How many words of a key it is: "Bose-Einstein" is two. */
  words: number;
}

function spacesOnly(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function wordsOf(masked: string, original: string): Word[][] {
  const runs: Word[][] = [];
  let run: Word[] = [];
  let last = -1;
  for (const m of masked.matchAll(WORD)) {
    const start = m.index;
    // a run breaks at anything but spaces: "networks, which" and "(GNN) models" are two runs
    // in the text as written too: "nonlinear Schr\\"odinger equation" masked is no "nonlinear equation"
    if (last >= 0 && !(spacesOnly(masked, last, start) && spacesOnly(original, last, start))) {
      // before a word the masking took whole the run is a fragment ("focusing nonlinear" Schrödinger)
      if (run.length > 0 && !/^\s*\p{L}/u.test(original.slice(last, start))) runs.push(run);
      run = [];
    }
    const plain = m[0].toLowerCase().replace(/['\u2019\u2010\u2011-]/g, ' ');
    run.push({ text: m[0], start, end: start + m[0].length, plain, words: plain.split(' ').length });
    last = start + m[0].length;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * The word rules of stage 5 that a run of words can check: "right-angled Artin groups" has no use ending
 * "… Artin" (05-parts.ts: a surname modifying the noun after it), "Markov chain Monte Carlo" none ending
 * "… Monte".
 */
function wellFormed(run: readonly Word[], i: number, n: number): boolean {
  const after = run[i + n];
  if (after === undefined) return true;
  const words = run.slice(i, i + n + 1).map((w) => w.text);
  return !namesGoOn(words, n) && !namesHead(words, n);
}

/** "neural networks" → "neural network", "theories" → "theory": enough to look a run up before keying it. */
function roughlyKnown(known: ReadonlySet<string>, plain: string): boolean {
  if (known.has(plain)) return true;
  if (!plain.endsWith('s')) return false;
  return (
    known.has(plain.slice(0, -1)) ||
    (plain.endsWith('es') && known.has(plain.slice(0, -2))) ||
    (plain.endsWith('ies') && known.has(`${plain.slice(0, -3)}y`))
  );
}

// papers write the same concepts over and over: their keys are remembered (bounded, per worker)
const keys = new LRUCache<string, string>({ max: 100_000 });
function keyOf(words: string[]): string {
  const text = words.join(' ');
  let key = keys.get(text);
  if (key === undefined) {
    key = canonicalKey(words, false);
    keys.set(text, key);
  }
  return key;
}

/** The occurrences of known concepts in the masked title and abstract, as parts, longest first per start. */
export function usesIn(masked: Record<Field, string>, texts: Record<Field, string>): Phrase[] {
  const known = usableKeys();
  const longest = usableLengths();
  const out: Phrase[] = [];
  for (const field of ['title', 'abstract'] as const) {
    for (const run of wordsOf(masked[field], texts[field])) {
      for (let i = 0; i < run.length; i++) {
        const opening = (run[i] as Word).plain;
        // no key opens with this word, or none is as long as the run has grown
        const most = longest.get(opening.split(' ', 1)[0] as string) ?? 0;
        let plain = '';
        let length = 0;
        for (let n = 1; n <= LONGEST && i + n <= run.length; n++) {
          const word = run[i + n - 1] as Word;
          plain = n === 1 ? word.plain : `${plain} ${word.plain}`;
          length += word.words;
          if (length > most) break;
          if (!roughlyKnown(known, plain)) continue;
          const words = run.slice(i, i + n);
          if (!wellFormed(run, i, n)) continue;
          // a bare acronym's sense is the graph's to settle (derived-graph-repo.ts), not a dictionary's
          if (n === 1 && looksLikeAcronym(word.text)) continue;
          // "after 188 fs", "in May": a unit or a month is no concept, whatever sense the lexicon has for it
          if (n === 1 && (UNITS.has(plain) || TIME_WORDS.has(plain))) continue;
          const key = keyOf(words.map((w) => w.text));
          if (!known.has(key) || !isUsefulKey(key) || TITLE_BOILERPLATE.has(key)) continue;
          const first = words[0] as Word;
          out.push({
            field,
            start: first.start,
            end: word.end,
            words: words.map((w) => w.text),
            wordStarts: words.map((w) => w.start),
            wordEnds: words.map((w) => w.end),
            pluralHead: /[^s]s$/i.test(word.text),
            plurals: words.map((w) => /[^s]s$/i.test(w.text)),
            heads: words.map(() => true),
            parenthesised: false,
            part: true,
            key,
            surface: texts[field].slice(first.start, word.end),
          });
        }
      }
    }
  }
  return out;
}

const overlaps = (a: Phrase, b: { field: Field; start: number; end: number }) =>
  a.field === b.field && a.start < b.end && b.start < a.end;

/**
 * The ranked mentions with the paper's further uses of known concepts: more occurrences of a mention it
 * has, and mentions of concepts it uses but was not read to have, scored among the paper's phrases and
 * neither `concept` nor `central`: they carry no evidence of a concept of their own.
 */
export function addUses(
  ranked: RankedMention[],
  phrases: readonly Phrase[],
  uses: readonly Phrase[],
  paper: PaperContext,
): RankedMention[] {
  const byKey = new Map(ranked.map((m) => [m.key, m]));
  const read = new Set(phrases.map((p) => `${p.field}:${p.start}:${p.end}:${p.key}`));
  const more: Phrase[] = [];
  for (const u of uses) {
    if (read.has(`${u.field}:${u.start}:${u.end}:${u.key}`)) continue;
    const mention = byKey.get(u.key);
    if (mention === undefined) {
      more.push(u);
      continue;
    }
    // the same key read at an overlapping place ("neural network" read inside "neural networks") is one
    const places = mention.starts.map((start, k) => ({
      field: mention.fields[k] as Field,
      start,
      end: mention.ends[k] as number,
    }));
    if (places.some((p) => overlaps(u, p))) continue;
    const all = [...places, { field: u.field, start: u.start, end: u.end }].sort((a, b) =>
      a.field === b.field ? a.start - b.start : a.field === 'title' ? -1 : 1,
    );
    mention.fields = all.map((p) => p.field);
    mention.starts = all.map((p) => p.start);
    mention.ends = all.map((p) => p.end);
    mention.count++;
  }
  if (more.length === 0) return ranked;
  const fresh = new Set(more.map((u) => u.key));
  const scored = scoreAll([...phrases, ...more], paper, fresh).filter((m) => !byKey.has(m.key));
  const added = scored.map((m) => ({ ...m, concept: false, central: false }));
  return [...ranked, ...added].sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
}
