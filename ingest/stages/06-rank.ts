import { canonicalKey } from '../../src/domain/keys.ts';
import { isLexiconConcept, termhood, type Verdict, verdict } from '../model/concepts.ts';
import { featurise, groupByKey, knownOf, type PaperContext, UNKNOWN } from '../model/features.ts';
import { stemPhrase } from '../model/protocol.ts';
import { model, probability } from '../model/ranker.ts';
import { FIXED_QUALIFIERS } from '../words/boundaries.ts';
import type { Field } from './02-candidates.ts';
import type { Phrase } from './03-normalise.ts';
import { looksLikeAcronym } from './04-acronyms.ts';

/**
 * Stage 6: one scored mention per key, with every occurrence kept for provenance. The score is the learned
 * ranker's probability that the phrase is a key phrase of the paper (ingest/model); whether it is a concept
 * is the evidence of the corpora and of the paper (model/concepts.ts). A paper keeps every concept it
 * mentions, however low its score, and the phrases no corpus knows, which other papers may make concepts.
 */

export interface Mention {
  key: string;
  /** The most frequent surface form in this paper, for display. */
  name: string;
  score: number;
  count: number;
  fields: Field[];
  starts: number[];
  ends: number[];
}

export interface RankedMention extends Mention {
  /** The corpora's or the paper's evidence makes the phrase a concept. */
  concept: boolean;
  /** The phrase is a concept only because this paper is about it (the ranker is confident). */
  central: boolean;
}

/** "self-supervised learning", not "SSL", names the topic of both; then the most frequent way of writing it. */
export function displayName(key: string, group: readonly Phrase[]): string {
  const surfaces = new Map<string, number>();
  const own = group.filter((p) => !p.expanded);
  for (const p of own.length > 0 ? own : group) surfaces.set(p.surface, (surfaces.get(p.surface) ?? 0) + 1);
  return [...surfaces].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? key;
}

/** Every candidate key of the paper (or those of `only`), scored among all of them, best first. */
export function scoreAll(phrases: Phrase[], paper: PaperContext, only?: ReadonlySet<string>): Mention[] {
  const all = groupByKey(phrases);
  const picked =
    only === undefined ? undefined : new Set(all.flatMap((g, i) => (only.has(g.key) ? [i] : [])));
  const groups = picked === undefined ? all : all.filter((_, i) => picked.has(i));
  const m = model();
  const wanted = (i: number) => picked === undefined || picked.has(i);
  const names = all.map((g, i) => (wanted(i) ? displayName(g.key, g.phrases) : g.key));
  // only the scored groups' own counts are read: the others are context by their words
  const known = names.map((name, i) => (wanted(i) ? knownOf(m.known, stemPhrase(name)) : UNKNOWN));
  const features = featurise(all, paper, m.corpus, known, picked);
  const shown = names.filter((_, i) => wanted(i));
  const scored: Mention[] = groups.map((g, i) => {
    const ordered = [...g.phrases].sort((a, b) =>
      a.field === b.field ? a.start - b.start : a.field === 'title' ? -1 : 1,
    );
    return {
      key: g.key,
      name: shown[i] as string,
      score: Math.round(probability(m, features[i] ?? []) * 1e4) / 1e4,
      count: g.phrases.length,
      fields: ordered.map((p) => p.field),
      starts: ordered.map((p) => p.start),
      ends: ordered.map((p) => p.end),
    };
  });
  scored.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
  return scored;
}

/** How far below the longer concept around it the corpora rate a fragment of it. */
const FRAGMENT_MARGIN = 0.2;

// hyphen-joined surnames and nothing else: "Aharonov-Bohm", "Wess-Zumino-Witten"
const EPONYM = /^\p{Lu}\p{Ll}+(?:[-\u2010\u2011\u2013]{1,2}\p{Lu}\p{Ll}+)+$/u;

let qualifierKeys: Set<string> | null = null;

/** The fixed qualifiers as keys: "out-of-distribution" is keyed as the corpora key it ("outof distribution"). */
function fixedQualifiers(): ReadonlySet<string> {
  qualifierKeys ??= new Set(
    [...FIXED_QUALIFIERS].flatMap((q) => [
      q,
      canonicalKey(q.split(' '), false),
      canonicalKey([q.replace(/ /g, '-')], false),
    ]),
  );
  return qualifierKeys;
}

/**
 * Whether the corpora hold a modifier-led phrase a concept of its own: more of a term than what follows the
 * modifier, give or take a little ("large language model" 0.80 beside "language model" 0.82; "general
 * metric space" 0.61 beside "metric space" 0.82 is the metric space with a filler).
 */
function addsToConcept(key: string): boolean {
  const own = termhood(key);
  if (own === undefined) return false;
  const rest = termhood(key.slice(key.indexOf(' ') + 1));
  return rest === undefined || own + 0.05 >= rest;
}

export function rank(phrases: Phrase[], paper: PaperContext): RankedMention[] {
  const out: RankedMention[] = [];
  // "Learning-driven Motion Planning and Control for Autonomous Vehicles": a title's own noun phrases, also
  // behind a hyphenated modifier, say what the paper is about
  const titled = new Set(
    phrases.filter((p) => p.field === 'title' && (!p.part || p.afterModifier)).map((p) => p.key),
  );
  // a bare acronym the paper does not define is kept, whatever the corpora say of its letters: the graph
  // decides which long form it stands for here (04-acronyms.ts, derived-graph-repo.ts)
  const groups = groupByKey(phrases);
  const bare = new Set(
    groups
      .filter((g) => g.phrases.every((p) => !p.expanded && looksLikeAcronym(p.surface)))
      .map((g) => g.key),
  );
  // "general metric spaces", "efficient resource allocation": a phrase a modifier opens is a topic only
  // where the corpora hold it a concept of its own, never by one paper's confidence
  const modified = new Set(groups.filter((g) => g.phrases.every((p) => p.modifierLed)).map((g) => g.key));
  // "zero-shot", "fine-grained", "self-supervised" (a hyphenated participle): qualifiers of concepts
  const qualifiers = new Set(
    groups
      .filter(
        (g) =>
          fixedQualifiers().has(g.key) ||
          g.phrases.every(
            (p) => p.words.length === 1 && /^[^\s]+[-\u2010\u2011]\p{L}+ed$/u.test(p.words[0] as string),
          ),
      )
      .map((g) => g.key),
  );
  // "quantum affine", "fault-tolerant quantum": a phrase of two or more words the paper writes only without
  // its head makes no topic from this paper unless the corpora hold it a concept ("graph neural network
  // models"); it still links the paper to the topic other papers make of it. One word before its head is
  // often the concept ("fine-tuning pre-trained models")
  const headless = new Set(
    groups.filter((g) => g.phrases.every((p) => p.prefix && p.words.length > 1)).map((g) => g.key),
  );
  // "metering infrastructure" only inside "advanced metering infrastructure", "Short-Term Memory" only inside
  // "Long Short-Term Memory": a phrase the paper writes only inside longer ones, one of which the corpora
  // rate far more of a concept, is a fragment of that one here ("Raman scattering" inside "stimulated Raman
  // scattering" is not)
  // longer names rate higher in any case ("importance sampling" 0.88, "adaptive importance sampling" 0.97):
  // a fragment rates far below ("metering infrastructure" 0.74, "advanced metering infrastructure" 0.98)
  const whole = groups.filter((g) => g.phrases.some((p) => !p.part)).map((g) => g.key);
  const fragments = new Set(
    groups
      .filter((g) => g.phrases.every((p) => p.part && !p.afterModifier && !p.beforeModifier))
      .filter((g) => g.key.includes(' '))
      .filter((g) => {
        const own = termhood(g.key) ?? 0;
        return whole.some(
          (key) =>
            key !== g.key &&
            ` ${key} `.includes(` ${g.key} `) &&
            (termhood(key) ?? 0) >= own + FRAGMENT_MARGIN &&
            isLexiconConcept(key),
        );
      })
      .map((g) => g.key),
  );
  // "Aharonov-Bohm", "Cramer-Rao", "Kohn-Sham": surnames alone name an effect, bound or method only with
  // the noun after them; a paper that writes them only before more words has cut them from that name
  const eponyms = new Set(
    groups
      .filter((g) => g.phrases.every((p) => p.words.every((w) => EPONYM.test(w)) && (p.prefix || p.runsOn)))
      .map((g) => g.key),
  );
  for (const m of scoreAll(phrases, paper)) {
    let v: Verdict = qualifiers.has(m.key)
      ? 'phrase'
      : verdict(m.key, m.score, { defined: paper.defined.has(m.key), titled: titled.has(m.key) });
    if (modified.has(m.key) && v !== 'none' && !paper.defined.has(m.key) && !addsToConcept(m.key))
      v = 'phrase';
    if (headless.has(m.key) && v !== 'none' && !paper.defined.has(m.key) && !isLexiconConcept(m.key))
      v = 'phrase';
    if (fragments.has(m.key) && v !== 'none' && !paper.defined.has(m.key) && !titled.has(m.key)) v = 'phrase';
    if (eponyms.has(m.key) && v !== 'none' && !paper.defined.has(m.key)) v = 'phrase';
    if (v !== 'none') out.push({ ...m, concept: v === 'concept', central: v === 'central' });
    else if (bare.has(m.key)) out.push({ ...m, concept: false, central: false });
  }
  return out;
}
