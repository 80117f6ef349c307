import type { Group, Known, KnownPhrases, PaperContext } from './features.ts';
import { UNKNOWN } from './features.ts';

/**
 * Key-phraseness from the training splits: per stemmed phrase, in how many training documents it was a
 * candidate and in how many a gold key phrase. Training features see the table without their own
 * document (leave one out), as a new paper's would.
 */

/** Training phrases never gold are kept in the key-phraseness table when candidates in this many documents. */
export const KNOWN_FLOOR = 3;

export interface TrainingDocument {
  split: number;
  groups: Group[];
  paper: PaperContext;
  /** Per group: its stemmed display name, and whether it is gold. */
  stems: string[];
  labels: number[];
}

/** Per stemmed phrase, in how many documents it is a candidate and in how many gold (each document once). */
export function keyphraseness(docs: readonly TrainingDocument[]): KnownPhrases {
  const all = new Map<string, [number, number]>();
  for (const doc of docs) {
    for (const [stem, gold] of perDocument(doc)) {
      const entry = all.get(stem) ?? [0, 0];
      entry[0] += 1;
      entry[1] += gold;
      all.set(stem, entry);
    }
  }
  const counts: Record<string, [number, number]> = {};
  for (const [stem, entry] of [...all].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (entry[1] >= 1 || entry[0] >= KNOWN_FLOOR) counts[stem] = entry;
  }
  return { docs: docs.length, floor: KNOWN_FLOOR, counts };
}

function perDocument(doc: TrainingDocument): Map<string, number> {
  const own = new Map<string, number>();
  for (const [i, stem] of doc.stems.entries())
    own.set(stem, Math.max(own.get(stem) ?? 0, doc.labels[i] ?? 0));
  return own;
}

/**
 * What the table would say of a training document's candidates had the document not been in it (leave
 * one out): a document never sees its own labels, as a new paper would not.
 */
export function knownWithout(table: KnownPhrases, doc: TrainingDocument): Known[] {
  const own = perDocument(doc);
  return doc.stems.map((stem) => {
    const entry = Object.hasOwn(table.counts, stem) ? table.counts[stem] : undefined;
    if (!entry) return UNKNOWN;
    const candidates = entry[0] - 1;
    const gold = entry[1] - (own.get(stem) ?? 0);
    return gold >= 1 || candidates >= table.floor ? [candidates, gold] : UNKNOWN;
  });
}
