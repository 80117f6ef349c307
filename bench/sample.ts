import type { PaperRecord, SourceItem } from '../ingest/record.ts';

/** mulberry32: a small seeded generator, so a judged sample can be drawn again. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Every k-th record of a source, k = total / n: the corpora are sorted by date, so their first lines are
 * one year of one archive. Reads the source twice (once to count), streaming both times.
 */
export async function spreadSample(open: () => AsyncIterable<SourceItem>, n: number): Promise<PaperRecord[]> {
  let total = 0;
  for await (const item of open()) if (item.record) total++;
  const step = Math.max(1, Math.floor(total / n));
  const out: PaperRecord[] = [];
  let i = 0;
  for await (const item of open()) {
    if (!item.record) continue;
    if (i % step === 0 && out.length < n) out.push(item.record);
    i++;
  }
  return out;
}
