import { termhood } from './model/concepts.ts';
import {
  EVALUATIVE,
  FUNCTION_WORDS,
  LEADING_FILLER,
  LEADING_MODIFIER,
  NON_QUALIFYING,
  NOT_A_KIND,
} from './words/boundaries.ts';

/**
 * Which topic may be broader than which: "orientable 3-manifold" is narrower than "3-manifold", but
 * "generic wave" adds only a filler to "wave", and "theory" is too generic a word to be broader than
 * "set theory". Whether the broader's own papers are in the narrower's fields ("hole" in solids, "black
 * hole" in astrophysics) is checked in the graph.
 */

/** Words that qualify nothing: a narrower topic made by one of them is the same concept, or none. */
const noQualifier = new Set(
  [...EVALUATIVE, ...LEADING_FILLER, ...LEADING_MODIFIER, ...FUNCTION_WORDS, ...NON_QUALIFYING].map((w) =>
    w.toLowerCase(),
  ),
);

/** Below this corpus termhood a one-word topic is too generic to be broader than another ("group"). */
export const ONE_WORD_BROADER = 0.4;

/** "renormalization group" yes, "group" no, "graphene" yes. */
export function canBeBroader(key: string): boolean {
  // "dimensional Lie algebras", cut from "finite-dimensional Lie algebras", is broader than nothing
  if (noQualifier.has(key.split(' ')[0] as string)) return false;
  return key.includes(' ') || (termhood(key) ?? 0) >= ONE_WORD_BROADER;
}

/**
 * The keys that could be broader than `key`, longest first: its word suffixes whose qualifier words are
 * real qualifiers ("leaky integrate-and-fire neurons" → "integrate-and-fire neurons").
 */
export function broaderCandidates(key: string): string[] {
  const words = key.split(' ');
  const out: string[] = [];
  // "training support vector machines", "approximately counting retractions": a verb or an adverb before
  // the concept, from a title, unless the corpora know the whole as a term ("scanning tunneling microscopy")
  if (/^[a-z]+(ing|ly)$/.test(words[0] as string) && (termhood(key) ?? 0) < ONE_WORD_BROADER) return out;
  for (let i = 1; i < words.length; i++) {
    if (words.slice(0, i).some((w) => noQualifier.has(w) || NOT_A_KIND.has(w))) break;
    const suffix = words.slice(i).join(' ');
    if (canBeBroader(suffix)) out.push(suffix);
  }
  return out;
}
