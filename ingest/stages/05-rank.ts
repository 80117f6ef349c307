import type { Field } from './02-candidates.ts';
import type { Phrase } from './03-normalise.ts';

/** Stage 5: one scored topic per key, with every occurrence kept for provenance. */

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

export const MAX_TOPICS_PER_PAPER = 20;

export function rank(
  phrases: Phrase[],
  abstractLength: number,
  keep: ReadonlySet<string> = new Set(),
): Mention[] {
  const groups = new Map<string, Phrase[]>();
  for (const p of phrases) {
    const group = groups.get(p.key);
    if (group) group.push(p);
    else groups.set(p.key, [p]);
  }
  const scored: Mention[] = [];
  for (const [key, group] of groups) {
    const inTitle = group.some((p) => p.field === 'title');
    const inAbstract = group.filter((p) => p.field === 'abstract');
    const first =
      inAbstract.length > 0 ? Math.min(...inAbstract.map((p) => p.start)) / Math.max(abstractLength, 1) : 1;
    const words = key.split(' ').length;
    const raw =
      Math.log2(1 + group.length) + // "adapters" three times beats "gap" once
      (inTitle ? 1.5 : 0) + // title words name what the paper is about
      0.5 * (1 - first) + // early phrases are the paper's subject, late ones its details
      (words >= 2 ? 0.5 : 0) + // "reinforcement learning" says more than "learning"
      (words >= 4 ? -0.25 : 0);
    const surfaces = new Map<string, number>();
    // "self-supervised learning", not "SSL", names the topic of both
    const own = group.filter((p) => !p.expanded);
    for (const p of own.length > 0 ? own : group) surfaces.set(p.surface, (surfaces.get(p.surface) ?? 0) + 1);
    const name = [...surfaces].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? key;
    const ordered = [...group].sort((a, b) =>
      a.field === b.field ? a.start - b.start : a.field === 'title' ? -1 : 1,
    );
    scored.push({
      key,
      name,
      score: raw,
      count: group.length,
      fields: ordered.map((p) => p.field),
      starts: ordered.map((p) => p.start),
      ends: ordered.map((p) => p.end),
    });
  }
  scored.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
  // defined long forms stay, whatever their rank: the graph makes their acronyms aliases of them
  const top = scored.filter((m, i) => i < MAX_TOPICS_PER_PAPER || keep.has(m.key));
  const best = top[0]?.score ?? 1;
  for (const m of top) m.score = Math.round((m.score / best) * 1e4) / 1e4;
  return top;
}
