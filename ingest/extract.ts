import { lexicon } from './model/concepts.ts';
import type { PaperContext } from './model/features.ts';
import { EXTRACTOR_MODEL_VERSION } from './model/ranker.ts';
import { textSpace, textVector } from './model/text-space.ts';
import { clean } from './stages/01-clean.ts';
import { candidates } from './stages/02-candidates.ts';
import { normalise, type Phrase } from './stages/03-normalise.ts';
import { acronyms, type Definition } from './stages/04-acronyms.ts';
import { parts } from './stages/05-parts.ts';
import { type RankedMention, rank, scoreAll } from './stages/06-rank.ts';
import { addUses, usesIn } from './stages/07-uses.ts';

/** Stored on every mention; a paper extracted by another version is extracted again when re-ingested. */
export const EXTRACTOR_VERSION = `np-7/${EXTRACTOR_MODEL_VERSION}/${lexicon().version}/${textSpace()?.version ?? 'no-text'}`;

/**
 * Language work reads at most this much of an abstract (real ones are under 5,000 characters); the rest is
 * stored but not searched for topics, so a pathological 1 MB record costs what fifty abstracts do.
 */
export const MAX_EXTRACT_CHARS = 50_000;

export interface Extraction {
  mentions: RankedMention[];
  definitions: Definition[];
  /** The paper's point in the text space related papers compare (model/text-space.ts). */
  textVector: number[] | null;
}

export interface Analysis {
  phrases: Phrase[];
  definitions: Definition[];
  paper: PaperContext;
  /** Title and abstract with markup and math masked (stage 1), as far as the stages read. */
  masked: { title: string; abstract: string };
}

/** Stages 1–5: clean → candidates → normalise → acronyms → parts; what the ranker (stage 6) scores. */
export function analyse(title: string, abstract: string): Analysis {
  const read = abstract.slice(0, MAX_EXTRACT_CHARS);
  const masked = { title: clean(title), abstract: clean(read) };
  const phrases = [
    ...normalise(title, candidates('title', masked.title, title)),
    ...normalise(abstract, candidates('abstract', masked.abstract, read)),
  ];
  const texts = { title, abstract };
  const expanded = acronyms(texts, phrases);
  return {
    phrases: parts(texts, expanded.phrases, expanded.definitions),
    definitions: expanded.definitions,
    paper: {
      titleLength: title.length,
      abstractLength: abstract.length,
      defined: new Set(expanded.definitions.map((d) => d.longKey)),
    },
    masked,
  };
}

/**
 * The extraction stages in the order they run: clean → candidates → normalise → acronyms → parts → rank →
 * uses.
 */
export function extract(title: string, abstract: string): Extraction {
  const { phrases, definitions, paper, masked } = analyse(title, abstract);
  const uses = usesIn(masked, { title, abstract });
  return {
    mentions: addUses(rank(phrases, paper), phrases, uses, paper),
    definitions,
    textVector: textVector(title, abstract.slice(0, MAX_EXTRACT_CHARS)),
  };
}

/** The paper's key phrases, every candidate, most central first, as the text writes them (what `eval:keyphrase` scores). */
export function keyphrases(title: string, abstract: string): string[] {
  const { phrases, paper } = analyse(title, abstract);
  return scoreAll(phrases, paper).map((m) => m.name);
}
