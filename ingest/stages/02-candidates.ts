import nlp from 'compromise';

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

// "such methods", "various tasks": words that open a noun phrase but add nothing to a topic
const LEADING_FILLER = new Set([
  'such',
  'other',
  'various',
  'several',
  'many',
  'much',
  'more',
  'most',
  'some',
  'any',
  'each',
  'every',
  'few',
  'certain',
  'same',
  'different',
  'new',
  'novel',
  'proposed',
  'existing',
  'previous',
  'recent',
  'current',
  'further',
  'additional',
  'main',
  'key',
  'important',
  'significant',
  'particular',
  'specific',
  'given',
  'overall',
  'own',
  'whole',
  'entire',
  'respective',
  'prior',
  'numerous',
  'possible',
  'potential',
  'promising',
  'remarkable',
  'superior',
  'comprehensive',
  'extensive',
  'this',
  'that',
  'these',
  'those',
  'its',
  'their',
  'our',
]);

// "high compression ratio", "second order statistics": modifiers that open some key phrases and many
// throwaway ones ("high accuracy"): the phrase is a candidate with and without them, the ranker decides
const LEADING_MODIFIER = new Set([
  'first',
  'second',
  'third',
  'last',
  'typical',
  'standard',
  'simple',
  'general',
  'common',
  'large',
  'small',
  'high',
  'low',
  'good',
  'better',
  'best',
  'strong',
  'stronger',
  'powerful',
  'efficient',
  'effective',
  'wide',
  'broad',
]);

// "using data", "including adapters": gerunds that act as prepositions
const NON_NOUN_GERUNDS = new Set([
  'using',
  'including',
  'following',
  'according',
  'considering',
  'regarding',
  'being',
  'having',
  'making',
  'showing',
  'allowing',
  'enabling',
  'leading',
  'resulting',
  'yielding',
  'achieving',
  'providing',
  'requiring',
  'depending',
  'involving',
  'exploring',
  'improving',
  'comparing',
  'compared',
]);

const WORDLIKE = /^[\p{L}\p{N}][\p{L}\p{N}'’.+/-]*$/u;
const HAS_LETTER = /\p{L}/u;

// "second order statistics": an ordinal written out may open a phrase; other numbers never stand in one
const writtenOrdinal = (t: Term) => t.tags.has('Ordinal') && t.tags.has('TextValue');

function isWordlike(t: Term): boolean {
  return WORDLIKE.test(t.text) && HAS_LETTER.test(t.text) && (!t.tags.has('Value') || writtenOrdinal(t));
}

const POSSESSIVE_S = /['’]s$/i;

/** "the controller's error": the possessor ends its phrase, without the "'s" ("controller"). */
function possessor(t: Term): Term | null {
  if (!t.tags.has('Possessive') || t.tags.has('Pronoun') || !t.tags.has('Noun')) return null;
  if (!POSSESSIVE_S.test(t.text) || t.text.length < 4) return null;
  const tags = new Set(t.tags);
  tags.delete('Possessive');
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
  if (!isWordlike(t)) return false;
  if (linkedFromPrevious || hyphenLinked(t)) return true;
  if (NON_NOUN_GERUNDS.has(t.text.toLowerCase())) return false;
  if (nominal(t) || adjective(t)) return true;
  if (writtenOrdinal(t)) return next !== undefined && !closes(t) && (nominal(next) || adjective(next));
  if (gerund(t)) return run.length > 0 || (next !== undefined && nominal(next) && !closes(t));
  if (participle(t)) return next !== undefined && !closes(t) && (nominal(next) || gerund(next));
  return false;
}

function headOk(t: Term, linkedFromPrevious: boolean): boolean {
  return nominal(t) || gerund(t) || (linkedFromPrevious && (t.tags.has('Noun') || t.tags.has('Verb')));
}

export function candidates(field: Field, masked: string): Candidate[] {
  const out: Candidate[] = [];
  for (const terms of termsOf(masked)) {
    let run: Term[] = [];
    let links: boolean[] = [];
    const flush = () => {
      // drop trailing words that cannot head a phrase: "models are efficient" never gets here, "large" does
      while (run.length > 0 && !headOk(run[run.length - 1] as Term, links[run.length - 1] ?? false)) {
        run.pop();
        links.pop();
      }
      // drop leading fillers that are not hyphen-linked: "such adapters" → "adapters"
      const leading = (set: ReadonlySet<string>) =>
        run.length > 1 && set.has((run[0] as Term).text.toLowerCase()) && !hyphenLinked(run[0] as Term);
      while (leading(LEADING_FILLER)) {
        run.shift();
        links.shift();
      }
      // "high compression ratio" and "compression ratio" are both candidates
      if (leading(LEADING_MODIFIER) && run.length <= MAX_WORDS) {
        out.push({ ...toCandidate(field, run, links, masked), modifierLed: true });
      }
      while (leading(LEADING_MODIFIER) || leading(LEADING_FILLER)) {
        run.shift();
        links.shift();
      }
      if (run.length > 0 && run.length <= MAX_WORDS) out.push(toCandidate(field, run, links, masked));
      run = [];
      links = [];
    };
    for (let i = 0; i < terms.length; i++) {
      let t = possessor(terms[i] as Term) ?? (terms[i] as Term);
      const previous = terms[i - 1];
      const linked = run.length > 0 && previous !== undefined && hyphenLinked(previous);
      // "bounds" after a masked "ell^2" does not continue "guaranteed": masked markup ends a phrase
      const gap = previous === undefined ? 0 : t.start - previous.end;
      if (run.length > 0 && ((opens(t) && !linked) || gap > 2)) flush();
      if (misreadPlural(run, t, terms[i + 1])) t = asPluralNoun(t);
      if (!admissible(run, t, terms[i + 1], linked)) {
        flush();
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
