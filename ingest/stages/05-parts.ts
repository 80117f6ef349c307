import { canonicalKey, isUsefulKey } from '../../src/domain/keys.ts';
import { NAME_PARTICLES } from '../../src/domain/words.ts';
import { ORGANIZATION_HEADS } from '../words/boundaries.ts';
import type { Field } from './02-candidates.ts';
import type { Phrase } from './03-normalise.ts';
import { type Definition, expandAcronyms } from './04-acronyms.ts';

const particle = (word: string | undefined) =>
  word !== undefined && NAME_PARTICLES.has(word.split(/[-\u2010\u2011]/).pop() as string);

// "transformer-based models", "neural network-driven control": the concept before a hyphenated modifier
const HYPHEN_MODIFIER =
  /^(.+?)[-\u2010\u2011](?:based|driven|like|free|aware|guided|induced|dependent|independent|specific|assisted|enabled|enhanced|inspired|oriented|related|powered|informed|augmented|type)$/i;

// "Layer-wise Adaptive Rate Scaling", "Learning-driven Motion Planning": a hyphenated modifier before a name
const MODIFIER_WORD =
  /[-\u2010\u2011](?:wise|driven|based|aware|guided|free|level|scale|agnostic|efficient|oriented|centric|specific|informed|inspired|enabled|assisted|augmented|conditioned|induced|dependent|invariant|preserving|constrained)$/i;

// "International Atomic Energy Agency reports": no part is the organisation
const organization = (words: readonly string[]) =>
  words.length > 1 &&
  words.every((w) => /^\p{Lu}/u.test(w)) &&
  ORGANIZATION_HEADS.has((words[words.length - 1] as string).toLowerCase());

export const capitalised = (word: string | undefined) => word !== undefined && /^\p{Lu}\p{Ll}/u.test(word);
const hyphenatedName = (word: string) => /^\p{Lu}\p{Ll}+[-\u2010\u2011]\p{Lu}/u.test(word);

/**
 * Whether words[j - 1] is a surname modifying the common noun words[j]: one capitalised word after a word
 * that is not ("right-angled Artin groups", "von Neumann algebra"), or a hyphenated name ("Bose-Einstein
 * condensate"). A sentence's first word is no name ("Transformer models"), and a name of two capitalised
 * words stands on its own ("quantum Monte Carlo methods").
 */
/** "Markov chain Monte Carlo": in a phrase not all in Title Case, a name goes on while capitalised words do. */
export const namesGoOn = (words: readonly string[], j: number) =>
  capitalised(words[j - 1]) && capitalised(words[j]) && words.some((w) => /^\p{Ll}/u.test(w));

export const namesHead = (words: readonly string[], j: number) =>
  capitalised(words[j - 1]) &&
  /^\p{Ll}/u.test(words[j] as string) &&
  (hyphenatedName(words[j - 1] as string) || (j >= 2 && !capitalised(words[j - 2])));

/** The phrase up to a word that carries a hyphenated modifier, without the modifier, as a part. */
function beforeModifier(
  texts: Record<Field, string>,
  p: Phrase,
  definitions: readonly Definition[],
): Phrase[] {
  const out: Phrase[] = [];
  for (let k = 0; k < p.words.length; k++) {
    const match = HYPHEN_MODIFIER.exec(p.words[k] as string);
    if (!match) continue;
    const start = p.wordStarts[0] as number;
    const end = (p.wordStarts[k] as number) + (match[1] as string).length;
    const words = [...p.words.slice(0, k), match[1] as string];
    const own = canonicalKey(words, false);
    const key = expandAcronyms(own, definitions, words);
    if (!isUsefulKey(key)) continue;
    out.push({
      ...p,
      start,
      end,
      words,
      wordStarts: p.wordStarts.slice(0, k + 1),
      wordEnds: [...p.wordEnds.slice(0, k), end],
      plurals: [...p.plurals.slice(0, k), false],
      heads: [...p.heads.slice(0, k), true],
      pluralHead: false,
      parenthesised: false,
      modifierLed: false,
      part: true,
      beforeModifier: true,
      key,
      surface: texts[p.field].slice(start, end),
      expanded: key !== own,
    });
  }
  return out;
}

/**
 * Stage 5: the shorter phrases inside longer ones, at their own offsets. "recurrent neural network" also
 * mentions "neural network" (a suffix, same head) and "recurrent neural network training" also mentions
 * "recurrent neural network" (a prefix ending on a noun). Papers name a concept inside longer phrases
 * as often as on its own; the ranker (stage 6) weighs how often it stands alone.
 */
export function parts(
  texts: Record<Field, string>,
  phrases: readonly Phrase[],
  definitions: readonly Definition[],
): Phrase[] {
  const taken = new Set(phrases.map((p) => `${p.field}:${p.start}:${p.end}`));
  const out: Phrase[] = [...phrases];
  const queue = [...phrases];
  for (const p of phrases) {
    if (p.parenthesised || p.aroundAcronym) continue;
    for (const cut of beforeModifier(texts, p, definitions)) {
      const id = `${cut.field}:${cut.start}:${cut.end}`;
      if (taken.has(id)) continue;
      taken.add(id);
      out.push(cut);
      queue.push(cut);
    }
  }
  for (const p of queue) {
    const n = p.words.length;
    if (n < 2 || p.parenthesised || p.aroundAcronym) continue;
    const spans: [number, number][] = [];
    for (let j = 1; j < n; j++) if (p.heads[j - 1]) spans.push([0, j]); // prefixes ending on a noun
    for (let i = 1; i < n; i++) spans.push([i, n]); // suffixes keep the head
    for (const [i, j] of spans) {
      // "Korteweg-de Vries equation" has no part "Vries equation" nor "Korteweg-de"
      if (particle(p.words[j - 1]) || particle(p.words[i - 1])) continue;
      // "right-angled Artin groups", "random-field Ising model": a surname that modifies a common noun is
      // no concept's last word ("right-angled Artin")
      if (j < n && (namesHead(p.words, j) || namesGoOn(p.words, j))) continue;
      if (organization(p.words.slice(i, j))) continue;
      const start = p.wordStarts[i] as number;
      const end = p.wordEnds[j - 1] as number;
      const id = `${p.field}:${start}:${end}`;
      if (taken.has(id)) continue;
      const words = p.words.slice(i, j);
      const own = canonicalKey(words, p.plurals[j - 1] ?? false);
      const key = expandAcronyms(own, definitions, words);
      if (!isUsefulKey(key) || key === p.key) continue;
      taken.add(id);
      out.push({
        ...p,
        start,
        end,
        words,
        wordStarts: p.wordStarts.slice(i, j),
        wordEnds: p.wordEnds.slice(i, j),
        plurals: p.plurals.slice(i, j),
        heads: p.heads.slice(i, j),
        pluralHead: p.plurals[j - 1] ?? false,
        parenthesised: false,
        modifierLed: false,
        part: true,
        beforeModifier: false,
        prefix: j < n || p.prefix === true,
        afterModifier: i > 0 && MODIFIER_WORD.test(p.words[i - 1] as string),
        key,
        surface: texts[p.field].slice(start, end),
        expanded: key !== own,
      });
    }
  }
  return out;
}
