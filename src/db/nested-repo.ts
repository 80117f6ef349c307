import { decodeNested, type NestedPlan, nestedList, Statement } from './compile-plan.ts';
import type { Database } from './driver.ts';
import { readRows } from './executor.ts';
import type { Page } from './rows.ts';

/** Each parent's page of a nested list, and its total when asked, from one statement for all parents. */
export type PagesByKey<T> = Map<string, Page<T>>;

/**
 * One nested list (a paper's topics, a topic's papers, …) for many parents at once: the same Cypher a
 * planned statement nests inside its parent, here run for every parent of a level (`UNWIND $keys`).
 */
export async function loadNested<T>(
  db: Database,
  parent: 'paper' | 'topic',
  keys: readonly string[],
  plan: NestedPlan,
): Promise<PagesByKey<T>> {
  const s = new Statement();
  const match = parent === 'paper' ? 'MATCH (n:Paper {id: k})' : 'MATCH (n:Topic {key: k})';
  const rows = await readRows(
    db,
    `UNWIND $keys AS k ${match} RETURN k, ${nestedList('n', plan, s)} AS list`,
    { ...s.params, keys },
    (r) => {
      const list = decodeNested(plan, r.get('list'));
      return {
        key: r.get('k') as string,
        page: { rows: list.entries as T[], keys: list.keys, total: list.total },
      };
    },
  );
  return new Map(rows.map((r) => [r.key, r.page]));
}
