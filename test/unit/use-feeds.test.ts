import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../../src/db/errors.ts';
import { WindowError } from '../../src/domain/window.ts';
import type { AtomEntry, AtomFeed } from '../../src/feeds/atom.ts';
import type { FeedReader } from '../../src/feeds/feeds.ts';
import { matchesEtag, useFeeds } from '../../src/feeds/use-feeds.ts';
import { ExpensiveOperations } from '../../src/graphql/rate-limit.ts';

const schema = createSchema({
  typeDefs: 'type Query { hello: String }',
  resolvers: { Query: { hello: () => 'world' } },
});

const feed = (entries: AtomEntry[]): AtomFeed => ({
  id: 'https://x.org/feeds/trending.atom',
  title: 'Trending',
  updated: new Date('2024-01-02T00:00:00Z'),
  self: 'https://x.org/feeds/trending.atom',
  alternate: 'https://x.org/explore',
  author: { name: 'Paper–topic graph', uri: 'https://x.org' },
  entries,
});

const app = (reader: Partial<FeedReader>) =>
  createYoga({ schema, logging: false, plugins: [useFeeds(reader as FeedReader, 'https://x.org')] });

describe('matchesEtag', () => {
  it('compares weakly, in lists, and takes *', () => {
    expect(matchesEtag('"a"', '"a"')).toBe(true);
    expect(matchesEtag('W/"a"', '"a"')).toBe(true);
    expect(matchesEtag('"b", "a"', '"a"')).toBe(true);
    expect(matchesEtag('*', '"a"')).toBe(true);
    expect(matchesEtag('"b"', '"a"')).toBe(false);
    expect(matchesEtag(null, '"a"')).toBe(false);
  });
});

describe('useFeeds', () => {
  it('charges a period of the client’s own to its budget of expensive operations, the shared one never', async () => {
    const expensive = new ExpensiveOperations(4);
    const yoga = createYoga({
      schema,
      logging: false,
      plugins: [
        useFeeds({ trending: async () => feed([]) } as unknown as FeedReader, 'https://x.org', expensive),
      ],
    });
    for (let i = 0; i < 5; i++)
      expect((await yoga.fetch('http://test/feeds/trending.atom')).status).toBe(200);
    expect((await yoga.fetch('http://test/feeds/trending.atom?from=2024-03-02')).status).toBe(200);
    expect((await yoga.fetch('http://test/feeds/trending.atom?from=2024-03-03')).status).toBe(200);
    const refused = await yoga.fetch('http://test/feeds/trending.atom?from=2024-03-04');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toMatch(
      /^too many expensive operations \(a trending feed of its own period\)/,
    );
    expect((await yoga.fetch('http://test/feeds/trending.atom')).status).toBe(200);
  });

  it('passes GraphQL and other paths through', async () => {
    const yoga = app({});
    const response = await yoga.fetch('http://test/graphql?query={hello}');
    expect(await response.json()).toEqual({ data: { hello: 'world' } });
    expect((await yoga.fetch('http://test/feeds/other.atom')).status).toBe(404);
  });

  it('hands the period and the entries wanted to the reader, and the address it was asked at', async () => {
    const calls: unknown[] = [];
    const yoga = app({
      trending: async (period, first, self) => {
        calls.push({ period, first, self });
        return feed([]);
      },
    });
    const response = await yoga.fetch('http://test/feeds/trending.atom?from=2024-03&first=5');
    expect(response.status).toBe(200);
    expect(calls).toEqual([
      {
        period: { from: '2024-03', to: null },
        first: 5,
        self: 'https://x.org/feeds/trending.atom?from=2024-03&first=5',
      },
    ]);
  });

  it('answers a bad period with 400 and one line, and an unreachable graph with 503', async () => {
    const bad = await app({
      trending: () => Promise.reject(new WindowError('from', 'is "March", not YYYY, YYYY-MM or YYYY-MM-DD')),
    }).fetch('http://test/feeds/trending.atom?from=March');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('`from` is "March", not YYYY, YYYY-MM or YYYY-MM-DD\n');
    const down = await app({
      topic: () => Promise.reject(new DatabaseUnavailableError('Neo4j at bolt://x is unavailable')),
    }).fetch('http://test/feeds/topics/x.atom');
    expect(down.status).toBe(503);
    expect(await down.text()).toBe('the graph cannot be read right now; try again shortly\n');
  });

  it('answers an address that is not URL-encoded with 400', async () => {
    const response = await app({ topic: async () => null }).fetch('http://test/feeds/topics/%E0%A4%A.atom');
    expect(response.status).toBe(400);
    expect((await response.text()).split('\n')).toHaveLength(2);
  });
});
