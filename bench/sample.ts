export { seededRandom } from '../ingest/model/seeded-random.ts';

import type { PaperRecord, SourceItem } from '../src/domain/record.ts';

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
