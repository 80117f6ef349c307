import { NAME_PARTICLES } from '../words/boundaries.ts';
import type { Field } from './02-candidates.ts';
import { canonicalKey, isUsefulKey, type Phrase } from './03-normalise.ts';
import { type Definition, expandAcronyms } from './04-acronyms.ts';

const particle = (word: string | undefined) =>
  word !== undefined && NAME_PARTICLES.has(word.split(/[-\u2010\u2011]/).pop() as string);

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
  for (const p of phrases) {
    const n = p.words.length;
    if (n < 2 || p.parenthesised || p.aroundAcronym) continue;
    const spans: [number, number][] = [];
    for (let j = 1; j < n; j++) if (p.heads[j - 1]) spans.push([0, j]); // prefixes ending on a noun
    for (let i = 1; i < n; i++) spans.push([i, n]); // suffixes keep the head
    for (const [i, j] of spans) {
      // "Korteweg-de Vries equation" has no part "Vries equation" nor "Korteweg-de"
      if (particle(p.words[j - 1]) || particle(p.words[i - 1])) continue;
      const start = p.wordStarts[i] as number;
      const end = p.wordEnds[j - 1] as number;
      const id = `${p.field}:${start}:${end}`;
      if (taken.has(id)) continue;
      const words = p.words.slice(i, j);
      const own = canonicalKey(words, p.plurals[j - 1] ?? false);
      const key = expandAcronyms(own, definitions);
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
        key,
        surface: texts[p.field].slice(start, end),
        expanded: key !== own,
      });
    }
  }
  return out;
}
