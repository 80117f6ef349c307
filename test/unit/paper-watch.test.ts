import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/driver.ts';
import { PaperWatch } from '../../src/live/paper-watch.ts';

interface Stored {
  id: string;
  ms: number;
  keys: string[];
}

/** A database that answers the watcher's two statements from a list of written papers. */
function fakeDatabase(now: () => number, papers: Stored[]) {
  const looks: number[] = [];
  const record = (values: Record<string, unknown>) => ({ get: (key: string) => values[key] });
  const rowsFor = (cypher: string, params: { since?: number; limit?: number }) => {
    if (cypher.includes('AS now')) return [record({ now: now() })];
    looks.push(Number(params.since));
    const since = Number(params.since);
    return papers
      .filter((p) => p.ms >= since)
      .sort((a, b) => a.ms - b.ms)
      .slice(0, Number(params.limit))
      .map((p) => record({ id: p.id, ms: p.ms, keys: p.keys }));
  };
  type Transformer = (result: unknown) => Promise<unknown>;
  const driver = {
    // the driver's own result transformer, fed as a result would feed it
    executeQuery: async (
      cypher: string,
      params: Record<string, number>,
      config: { resultTransformer: Transformer },
    ) => {
      const rows = rowsFor(cypher, params);
      return config.resultTransformer({
        subscribe: (o: {
          onKeys(k: string[]): void;
          onNext(r: unknown): void;
          onCompleted(s: unknown): void;
        }) => {
          o.onKeys([]);
          for (const row of rows) o.onNext(row);
          o.onCompleted({});
        },
      });
    },
  };
  const db = {
    driver,
    database: 'neo4j',
    target: 'bolt://fake',
    close: async () => {},
  } as unknown as Database;
  return { db, looks };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('PaperWatch', () => {
  it('tells each write once, however long nothing new comes', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const start = Date.now();
    const papers: Stored[] = [];
    const { db, looks } = fakeDatabase(() => Date.now(), papers);
    const watch = new PaperWatch(db, 1000, () => {});
    const seen: string[] = [];
    const stream = watch.watch(null, (p) => p.id);
    const reading = (async () => {
      for await (const id of stream) seen.push(id);
    })();
    await vi.advanceTimersByTimeAsync(10);
    papers.push({ id: 'p1', ms: start + 500, keys: ['a'] });
    // two minutes of polls, far past the look-back
    await vi.advanceTimersByTimeAsync(120_000);
    expect(seen).toEqual(['p1']);
    expect(looks.length).toBeGreaterThan(100);
    // the look-back never reaches before the subscription began
    expect(Math.min(...looks)).toBeGreaterThanOrEqual(start);
    await stream.return();
    await reading;
    expect(watch.listening).toBe(0);
  });

  it('filters by topic keys, and drops the oldest events of a reader that falls behind instead of failing', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const start = Date.now();
    const papers: Stored[] = [];
    const { db } = fakeDatabase(() => Date.now(), papers);
    const logged: string[] = [];
    const watch = new PaperWatch(db, 1000, (line) => logged.push(line));
    const some = watch.watch(new Set(['b']), (p) => p.id);
    const first = some.next();
    await vi.advanceTimersByTimeAsync(10);
    papers.push({ id: 'a-only', ms: start + 100, keys: ['a'] });
    papers.push({ id: 'has-b', ms: start + 200, keys: ['a', 'b'] });
    await vi.advanceTimersByTimeAsync(1500);
    expect((await first).value).toBe('has-b');
    // 3,000 papers at once and nobody reading: the stream keeps the newest, the watcher goes on
    for (let i = 0; i < 3000; i++) papers.push({ id: `bulk-${i}`, ms: start + 2000 + i, keys: ['b'] });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(logged).toEqual([]);
    const next = await some.next();
    expect(String(next.value)).toMatch(/^bulk-\d+$/);
    expect(Number(String(next.value).slice(5))).toBeGreaterThan(0);
    // closing ends the stream once what it holds is read: at most the buffer
    await watch.close();
    const rest: string[] = [];
    for await (const id of some) rest.push(id);
    expect(rest.length).toBeLessThan(1000);
    expect(rest.at(-1)).toBe('bulk-2999');
    expect(watch.listening).toBe(0);
  });
});
