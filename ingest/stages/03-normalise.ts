import nlp from 'compromise';
import { canonicalKey, isUsefulKey, type NlpWorld, useNlpWorld } from '../../src/domain/keys.ts';
import type { Candidate } from './02-candidates.ts';

/** Stage 3: one canonical key per concept (src/domain/keys.ts), so that variants of a phrase meet in one Topic. */

// the tagger is loaded already: the keys inflect with it rather than load a second compromise
useNlpWorld((nlp as unknown as { world(): NlpWorld }).world());

export interface Phrase extends Candidate {
  key: string;
  /** The phrase as written in the text. */
  surface: string;
  /** Set when the key came from an acronym's long form rather than from these words. */
  expanded?: boolean;
}

export function normalise(text: string, found: Candidate[]): Phrase[] {
  const out: Phrase[] = [];
  for (const c of found) {
    const key = canonicalKey(c.words, c.pluralHead);
    if (isUsefulKey(key)) out.push({ ...c, key, surface: text.slice(c.start, c.end) });
  }
  return out;
}
