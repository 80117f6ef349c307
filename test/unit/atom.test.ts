import { extractFromXml } from '@extractus/feed-extractor';
import { describe, expect, it } from 'vitest';
import { type AtomEntry, type AtomFeed, atomXml, trimmedAbstract } from '../../src/feeds/atom.ts';

const entry = (over: Partial<AtomEntry> = {}): AtomEntry => ({
  id: 'https://x.org/explore#paper=1',
  title: 'A paper',
  published: new Date('2024-01-02T00:00:00Z'),
  updated: new Date('2024-01-02T00:00:00Z'),
  authors: [],
  summary: 'About it.',
  alternate: 'https://x.org/explore#paper=1',
  related: 'https://x.org/explore#paper=1',
  categories: [],
  ...over,
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

describe('atomXml', () => {
  it('keeps markup, ampersands, CDATA ends and quotes in text as text, and drops what XML cannot hold', () => {
    const tricky = 'O(n < m) & "ψ" ]]> <b>bold</b>\u0000\u0007 \uD800end';
    const xml = atomXml(
      feed([
        entry({
          title: tricky,
          summary: tricky,
          authors: ['Émile <Zola> & co'],
          alternate: 'https://x.org/a?x=1&y="2"',
        }),
      ]),
    );
    expect(xml).not.toContain('<b>');
    const parsed = extractFromXml(xml, {
      getExtraEntryFields: (e: Record<string, any>) => ({
        author: e.author.name,
        summary: e.summary['#text'],
        href: e.link[0]['@_href'],
      }),
    }) as any;
    const clean = 'O(n < m) & "ψ" ]]> <b>bold</b> end';
    expect(parsed.entries[0].title).toBe(clean);
    expect(parsed.entries[0].summary).toBe(clean);
    expect(parsed.entries[0].author).toBe('Émile <Zola> & co');
    expect(parsed.entries[0].href).toBe('https://x.org/a?x=1&y="2"');
  });

  it('names an author for the feed, so entries without authors are still valid Atom', () => {
    const xml = atomXml(feed([entry()]));
    expect(xml).toMatch(/<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    expect(xml).toMatch(
      /<feed[\s\S]*<author>\s*<name>Paper–topic graph<\/name>\s*<uri>https:\/\/x.org<\/uri>[\s\S]*<entry>/,
    );
    for (const element of ['id', 'title', 'updated']) {
      expect(xml.match(new RegExp(`<${element}[ >]`, 'g'))).toHaveLength(2);
    }
  });
});

describe('trimmedAbstract', () => {
  it('puts the abstract on one line and cuts a long one at a word', () => {
    expect(trimmedAbstract('  two\n  lines ')).toBe('two lines');
    const long = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const cut = trimmedAbstract(long);
    expect(cut.length).toBeLessThanOrEqual(1001);
    expect(cut.endsWith('…')).toBe(true);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
    expect(long.charAt(cut.length - 1)).toBe(' ');
  });
});
