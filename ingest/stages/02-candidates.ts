import nlp from 'compromise';
import { NAME_PARTICLES } from '../../src/domain/words.ts';
import {
  AMBIGUOUS_MODIFIERS,
  CITATION_ABBREVIATIONS,
  EVALUATIVE,
  FUNCTION_WORDS,
  LEADING_FILLER,
  LEADING_MODIFIER,
  LETTER_NAMED,
  MODIFIER_COMPOUNDS,
  NON_NOUN_GERUNDS,
  ORGANIZATION_HEADS,
  TIME_WORDS,
  TITLE_BOILERPLATE,
  UNITS,
  VENUE_WORDS,
} from '../words/boundaries.ts';

/** Stage 2: noun-phrase candidates, found by compromise's tagger, with their place in the text. */

export type Field = 'title' | 'abstract';

export interface Candidate {
  field: Field;
  start: number;
  end: number;
  /** The words as written (original case), hyphen-joined words kept together. */
  words: string[];
  /** Where each word starts in the text. */
  wordStarts: number[];
  /** Whether the last word was tagged plural. */
  pluralHead: boolean;
  /** Whether the phrase sits in parentheses right after a longer phrase: "(SSL)". */
  parenthesised: boolean;
  /** Where each word ends in the text. */
  wordEnds: number[];
  /** Per word: tagged plural. */
  plurals: boolean[];
  /** Per word: whether it can end a noun phrase ("recurrent" cannot, "neural network" can). */
  heads: boolean[];
  /** Opens with a modifier such as "high" or "efficient", kept in this candidate (see LEADING_MODIFIER). */
  modifierLed?: boolean;
  /** A shorter phrase inside a longer candidate ("neural network" in "recurrent neural network"). */
  part?: boolean;
  /** A part that drops the head of its phrase: "quantum affine" in "quantum affine algebras". */
  prefix?: boolean;
  /** A part that follows a hyphenated modifier: "Adaptive Rate Scaling" in "Layer-wise Adaptive Rate Scaling". */
  afterModifier?: boolean;
  /** A part cut before a hyphenated modifier: "graph neural network" in "graph neural network-based models". */
  beforeModifier?: boolean;
  /** A long form joined to the head after its acronym: "low-density parity-check (LDPC) codes". */
  aroundAcronym?: boolean;
  /** The text goes on with no punctuation after the phrase: "Cramer-Rao" before a misread "bound". */
  runsOn?: boolean;
}

interface Term {
  text: string;
  pre: string;
  post: string;
  tags: Set<string>;
  start: number;
  end: number;
}

const MAX_WORDS = 6;

const WORDLIKE = /^[\p{L}\p{N}][\p{L}\p{N}'’.+/-]*$/u;
const HAS_LETTER = /\p{L}/u;

// "second order statistics": an ordinal written out may open a phrase; other numbers never stand in one
const writtenOrdinal = (t: Term) => t.tags.has('Ordinal') && t.tags.has('TextValue');

// "two-dimensional polymer", "three-term recurrence", "1-loop": a number hyphen-linked to a word is part of it
const numberCompound = (t: Term) =>
  t.tags.has('Value') && hyphenLinked(t) && /^(?:\p{L}+|\d{1,3})$/u.test(t.text);

function isWordlike(t: Term): boolean {
  if (numberCompound(t)) return true;
  return WORDLIKE.test(t.text) && HAS_LETTER.test(t.text) && (!t.tags.has('Value') || writtenOrdinal(t));
}

const lower = (t: Term) => t.text.toLowerCase();

// "Phys. Rev. Lett.", "Fig. 3", "et al.": citation text and references, never a concept
const citation = (t: Term) => CITATION_ABBREVIATIONS.has(lower(t)) && t.post.startsWith('.');

// "B\"{a}cklund" masked to "B      cklund": a word the masking cut is not a word of the text
const ATTACHED = /[\p{L}\p{N}}{^_$\\]/u;
function cutByMasking(t: Term, masked: string, original: string): boolean {
  const before = original[t.start - 1];
  const after = original[t.end];
  const maskedBefore =
    before !== undefined && masked[t.start - 1] === ' ' && before !== ' ' && before !== '{';
  const maskedAfter = after !== undefined && masked[t.end] === ' ' && after !== ' ' && ATTACHED.test(after);
  return (maskedBefore && ATTACHED.test(before)) || maskedAfter;
}

// "$\\alpha$-stable": a word after a hyphen whose left part is not in the phrase starts inside a word
function startsInsideWord(t: Term, masked: string, original: string): boolean {
  const before = masked[t.start - 1];
  if (before !== '-' && before !== '\u2010' && before !== '\u2011') return false;
  const left = original[t.start - 2];
  return left !== undefined && !/\s/.test(left);
}

const POSSESSIVE_S = /['’]s$/i;

// a tag of our own on a possessor the "'s" was cut from
const OWNER = 'Owner';

/** "the controller's error": the possessor ends its phrase, without the "'s" ("controller"). */
function possessor(t: Term): Term | null {
  if (!t.tags.has('Possessive') || t.tags.has('Pronoun') || !t.tags.has('Noun')) return null;
  if (!POSSESSIVE_S.test(t.text) || t.text.length < 4) return null;
  const tags = new Set(t.tags);
  tags.delete('Possessive');
  tags.add(OWNER);
  return { ...t, text: t.text.slice(0, -2), end: t.end - 2, post: `${t.text.slice(-2)}${t.post}`, tags };
}

const nominal = (t: Term) =>
  (t.tags.has('Noun') || t.tags.has('Acronym')) && !t.tags.has('Pronoun') && !t.tags.has('Possessive');
const gerund = (t: Term) => t.tags.has('Gerund') && !NON_NOUN_GERUNDS.has(t.text.toLowerCase());
const adjective = (t: Term) => t.tags.has('Adjective') || t.tags.has('Comparable');
const participle = (t: Term) => t.tags.has('PastTense') || t.tags.has('Participle');
const hyphenLinked = (t: Term) => t.post.trim() === '-' || t.post === '-';
/** Punctuation after a word ends the phrase: "models, and" / "learning (SSL)". */
const closes = (t: Term) => t.post.trim() !== '' && !hyphenLinked(t);
const opens = (t: Term) => t.pre.trim() !== '';
// "Cramer-Rao bound" read as a verb, "Calabi-Yau 3-folds": a noun, a verb or a number may be the rest of
// a name; "is", "if", "and" are not
const goesOn = (t: Term) =>
  (t.tags.has('Noun') || t.tags.has('Verb') || t.tags.has('Value')) &&
  !['Copula', 'Auxiliary', 'Modal', 'Pronoun', 'Conjunction', 'Preposition', 'Determiner', 'Adverb'].some(
    (tag) => t.tags.has(tag),
  ) &&
  !FUNCTION_WORDS.has(t.text.toLowerCase());
const designation = (t: Term, next: Term | undefined) =>
  next !== undefined &&
  /^\p{Lu}{1,4}$/u.test(t.text) &&
  t.post === ' ' &&
  /^\d+$/.test(next.text) &&
  next.pre === '';

function termsOf(text: string): Term[][] {
  const sentences = nlp(text).json({ offset: true }) as {
    terms: {
      text: string;
      pre: string;
      post: string;
      tags: string[];
      offset: { start: number; length: number };
    }[];
  }[];
  return sentences.map((s) =>
    s.terms
      .filter((t) => t.text !== '')
      .map((t) => ({
        text: t.text,
        pre: t.pre,
        post: t.post,
        tags: new Set(t.tags),
        start: t.offset.start,
        end: t.offset.start + t.offset.length,
      })),
  );
}

/**
 * "gas flow rates in", "UML data models:": a present-tense "-s" verb right after a noun, where a
 * preposition, a conjunction, punctuation or the end follows, is the plural noun the tagger missed.
 */
function misreadPlural(run: Term[], t: Term, next: Term | undefined): boolean {
  const previous = run[run.length - 1];
  if (previous === undefined || !nominal(previous) || closes(previous)) return false;
  if (!t.tags.has('PresentTense') || !/[^s]s$/.test(t.text) || t.text.length < 4) return false;
  return next === undefined || closes(t) || next.tags.has('Preposition') || next.tags.has('Conjunction');
}

function asPluralNoun(t: Term): Term {
  const tags = new Set(t.tags);
  for (const verbal of ['Verb', 'PresentTense', 'Infinitive']) tags.delete(verbal);
  tags.add('Noun');
  tags.add('Plural');
  return { ...t, tags };
}

/** Whether a term may stand inside a noun phrase, given the terms around it. */
function admissible(run: Term[], t: Term, next: Term | undefined, linkedFromPrevious: boolean): boolean {
  if (!isWordlike(t) || citation(t)) return false;
  if (linkedFromPrevious || hyphenLinked(t)) return true;
  if (FUNCTION_WORDS.has(lower(t))) return false;
  // "the Lagrangian describing it": a gerund before a determiner or pronoun is a verb
  if (gerund(t) && next !== undefined && (next.tags.has('Determiner') || next.tags.has('Pronoun')))
    return false;
  if (NON_NOUN_GERUNDS.has(t.text.toLowerCase())) return false;
  if (nominal(t) || adjective(t)) return true;
  if (writtenOrdinal(t)) return next !== undefined && !closes(t) && (nominal(next) || adjective(next));
  if (gerund(t)) return run.length > 0 || (next !== undefined && nominal(next) && !closes(t));
  if (participle(t)) return next !== undefined && !closes(t) && (nominal(next) || gerund(next));
  return false;
}

/**
 * "the group G acts", "closed 3-manifolds M with": a lone letter after a common noun names a variable and
 * ends the phrase before it; "vitamin D" and "hepatitis B" are named by their letter.
 */
function variableName(run: Term[], t: Term, next: Term | undefined): boolean {
  const previous = run[run.length - 1];
  if (previous === undefined || !/^\p{L}$/u.test(t.text) || hyphenLinked(previous)) return false;
  // "helper T cells", "neutral B mesons": a letter before a noun names a kind
  if (next !== undefined && !closes(t) && nominal(next) && !next.tags.has('Verb')) return false;
  return /^\p{Ll}/u.test(previous.text) && !LETTER_NAMED.has(lower(previous));
}

function headOk(t: Term, linkedFromPrevious: boolean): boolean {
  return nominal(t) || gerund(t) || (linkedFromPrevious && (t.tags.has('Noun') || t.tags.has('Verb')));
}

/** A whole candidate that names no concept: a month, a unit, a person or place, a venue. */
function notAConcept(run: Term[]): boolean {
  const words = run.map(lower);
  if (words.some((w) => VENUE_WORDS.has(w))) return true;
  if (TITLE_BOILERPLATE.has(words.join(' '))) return true;
  if (
    run.length > 1 &&
    ORGANIZATION_HEADS.has(words[words.length - 1] as string) &&
    run.every((t) => /^\p{Lu}/u.test(t.text))
  )
    return true;
  // "in the sense of von Neumann", "de Gennes": a particle and capitalised names only is a person
  if (
    run.length > 1 &&
    NAME_PARTICLES.has(words[0] as string) &&
    run.slice(1).every((t) => /^\p{Lu}/u.test(t.text))
  )
    return true;
  if (run.length !== 1) return run.every((t) => personOrPlace(t));
  const t = run[0] as Term;
  // "Farber's conjecture": a capitalised possessor on its own is a person
  if (t.tags.has(OWNER) && /^\p{Lu}\p{Ll}/u.test(t.text)) return true;
  return TIME_WORDS.has(words[0] as string) || UNITS.has(words[0] as string) || personOrPlace(t);
}

// "Smith", "Poland": a name the tagger knows as a person or place; "Hilbert space" has a common noun too
const personOrPlace = (t: Term) =>
  !t.tags.has('Acronym') &&
  !/^[\p{Lu}\d]{2,}s?$/u.test(t.text) &&
  !hyphenLinked(t) &&
  ['Person', 'FirstName', 'LastName', 'Honorific', 'Place', 'Country', 'City', 'Region'].some((tag) =>
    t.tags.has(tag),
  );

export function candidates(field: Field, masked: string, original: string = masked): Candidate[] {
  const out: Candidate[] = [];
  for (const terms of termsOf(masked)) {
    let run: Term[] = [];
    let links: boolean[] = [];
    const flush = (next?: Term) => {
      // drop trailing words that cannot head a phrase: "models are efficient" never gets here, "large" does
      while (run.length > 0 && !headOk(run[run.length - 1] as Term, links[run.length - 1] ?? false)) {
        run.pop();
        // "computationally NP-complete": a hyphenated word goes whole, no "NP" is left of it
        if (links.pop()) {
          while (links.pop()) run.pop();
          run.pop();
        }
      }
      // "GJ 876", "HD 60532", "NGC 1068": a catalogue's letters before an object's number name no concept
      if (run.length === 1 && designation(run[0] as Term, next)) run = [];
      // drop leading fillers that are not hyphen-linked: "such adapters" → "adapters"
      const leading = (set: ReadonlySet<string>) =>
        run.length > 1 && set.has((run[0] as Term).text.toLowerCase()) && !hyphenLinked(run[0] as Term);
      while (leading(LEADING_FILLER) || leading(EVALUATIVE)) {
        run.shift();
        links.shift();
      }
      // "high compression ratio" and "compression ratio" are both candidates
      // "higher order differential operator", "high energy physics": not before a noun it makes a compound with
      const modifier = () =>
        (leading(LEADING_MODIFIER) || leading(AMBIGUOUS_MODIFIERS)) &&
        !MODIFIER_COMPOUNDS.has((run[1] as Term).text.toLowerCase());
      if (modifier() && run.length <= MAX_WORDS && !notAConcept(run)) {
        out.push({ ...toCandidate(field, run, links, masked), modifierLed: true });
      }
      while (modifier() || leading(LEADING_FILLER) || leading(EVALUATIVE)) {
        run.shift();
        links.shift();
      }
      if (run.length > 0 && run.length <= MAX_WORDS && !notAConcept(run)) {
        const runsOn = next !== undefined && (run[run.length - 1] as Term).post.trim() === '' && goesOn(next);
        out.push({ ...toCandidate(field, run, links, masked), ...(runsOn ? { runsOn } : {}) });
      }
      run = [];
      links = [];
    };
    for (let i = 0; i < terms.length; i++) {
      let t = possessor(terms[i] as Term) ?? (terms[i] as Term);
      const previous = terms[i - 1];
      const linked = run.length > 0 && previous !== undefined && hyphenLinked(previous);
      // "bounds" after a masked "ell^2" does not continue "guaranteed": masked markup ends a phrase
      const gap = previous === undefined ? 0 : t.start - previous.end;
      // "focusing nonlinear Schr\\"odinger equation": a word the masking took whole leaves a fragment before it
      if (run.length > 0 && gap > 2 && /^\s*\p{L}/u.test(original.slice(previous?.end, t.start))) {
        run = [];
        links = [];
      }
      if (run.length > 0 && ((opens(t) && !linked) || gap > 2)) flush(t);
      if (misreadPlural(run, t, terms[i + 1])) t = asPluralNoun(t);
      const cut =
        cutByMasking(t, masked, original) ||
        (run.length === 0 && startsInsideWord(t, masked, original)) ||
        variableName(run, t, terms[i + 1]);
      if (cut || (run.length === 0 && previous !== undefined && hyphenLinked(previous) && gap <= 1)) {
        flush(t);
        continue;
      }
      if (!admissible(run, t, terms[i + 1], linked)) {
        flush(t);
        continue;
      }

      run.push(t);
      links.push(linked);
      if (closes(t)) flush();
    }
    flush();
  }
  return out;
}

function toCandidate(field: Field, run: Term[], links: boolean[], masked: string): Candidate {
  const first = run[0] as Term;
  const last = run[run.length - 1] as Term;
  const words: string[] = [];
  const wordStarts: number[] = [];
  const wordEnds: number[] = [];
  const plurals: boolean[] = [];
  const heads: boolean[] = [];
  for (let i = 0; i < run.length; i++) {
    const t = run[i] as Term;
    const prev = run[i - 1];
    if (prev !== undefined && hyphenLinked(prev)) {
      words[words.length - 1] += `-${t.text}`;
      wordEnds[wordEnds.length - 1] = t.end;
      plurals[plurals.length - 1] = t.tags.has('Plural');
      heads[heads.length - 1] = headOk(t, true);
    } else {
      words.push(t.text);
      wordStarts.push(t.start);
      wordEnds.push(t.end);
      plurals.push(t.tags.has('Plural'));
      heads.push(headOk(t, links[i] ?? false));
    }
  }
  return {
    field,
    start: first.start,
    end: last.end,
    words,
    wordStarts,
    wordEnds,
    plurals,
    heads,
    pluralHead: last.tags.has('Plural'),
    parenthesised: masked[first.start - 1] === '(' && masked[last.end] === ')',
  };
}
