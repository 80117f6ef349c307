import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { analyse } from '../extract.ts';
import { scoreAll } from '../stages/06-rank.ts';
import { groupByKey } from './features.ts';

/**
 * Corpus-level evidence about every candidate key: in how many documents it occurs (on its own or only
 * inside longer phrases), how the ranker scores it there, in which arXiv archives, and how it is written.
 * Generic phrases ("final result") occur everywhere with low scores; concepts concentrate in a field.
 */

export interface TermCounts {
  df: number;
  /** Documents where it stands on its own, not only inside a longer phrase. */
  alone: number;
  title: number;
  sumScore: number;
  maxScore: number;
  /** Documents where the ranker scores it ≥ 0.3. */
  strong: number;
  archives: Record<string, number>;
  names: Record<string, number>;
}

export interface CorpusDocument {
  title: string;
  abstract: string;
  /** "math", "hep-th", "cs", …; "ml" for the conference corpus. */
  archive: string;
}

export function archiveOf(doc: { primary_category?: string; categories?: string[]; venue?: string }): string {
  const primary = doc.primary_category ?? doc.categories?.[0];
  if (doc.venue !== undefined || primary === undefined) return 'ml';
  return primary.split('.')[0] as string;
}

// "constructor" is a phrase too: counts live in objects without a prototype
const counts = (): Record<string, number> => Object.create(null) as Record<string, number>;
const add = (into: Record<string, number>, key: string, n: number) => {
  const before = Object.hasOwn(into, key) ? (into[key] as number) : 0;
  into[key] = (typeof before === 'number' ? before : 0) + n;
};

export function addDocument(terms: Map<string, TermCounts>, doc: CorpusDocument): void {
  const analysis = analyse(doc.title, doc.abstract);
  const scored = scoreAll(analysis.phrases, analysis.paper);
  const alone = new Map(groupByKey(analysis.phrases).map((g) => [g.key, g.phrases.some((p) => !p.part)]));
  for (const m of scored) {
    let t = terms.get(m.key);
    if (t === undefined) {
      t = {
        df: 0,
        alone: 0,
        title: 0,
        sumScore: 0,
        maxScore: 0,
        strong: 0,
        archives: counts(),
        names: counts(),
      };
      terms.set(m.key, t);
    }
    t.df++;
    if (alone.get(m.key)) t.alone++;
    if (m.fields.includes('title')) t.title++;
    t.sumScore += m.score;
    if (m.score > t.maxScore) t.maxScore = m.score;
    if (m.score >= 0.3) t.strong++;
    add(t.archives, doc.archive, 1);
    add(t.names, m.name, 1);
  }
}

export function mergeCounts(into: Map<string, TermCounts>, key: string, t: TermCounts): void {
  const a = into.get(key);
  if (a === undefined) {
    const fresh = { ...t, archives: counts(), names: counts() };
    for (const [k, v] of Object.entries(t.archives)) if (typeof v === 'number') add(fresh.archives, k, v);
    for (const [k, v] of Object.entries(t.names)) if (typeof v === 'number') add(fresh.names, k, v);
    into.set(key, fresh);
    return;
  }
  a.df += t.df;
  a.alone += t.alone;
  a.title += t.title;
  a.sumScore += t.sumScore;
  a.maxScore = Math.max(a.maxScore, t.maxScore);
  a.strong += t.strong;
  for (const [k, v] of Object.entries(t.archives)) if (typeof v === 'number') add(a.archives, k, v);
  for (const [k, v] of Object.entries(t.names)) if (typeof v === 'number') add(a.names, k, v);
}

/** Lines of a gzip JSON Lines corpus whose index is `shard` modulo `shards`, skipping the held-out ones. */
export async function* corpusDocuments(
  file: string,
  shard: number,
  shards: number,
  heldOut: (index: number) => boolean,
): AsyncGenerator<CorpusDocument> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()) });
  let index = -1;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    index++;
    if (index % shards !== shard || heldOut(index)) continue;
    const doc = JSON.parse(line) as {
      title?: string;
      abstract?: string;
      primary_category?: string;
      categories?: string[];
      venue?: string;
    };
    yield { title: doc.title ?? '', abstract: doc.abstract ?? '', archive: archiveOf(doc) };
  }
}
