import { describe, expect, it } from 'vitest';
import { luceneQuery, searchTerms } from '../../src/db/lucene.ts';
import { authenticate, parseApiKeys } from '../../src/graphql/auth.ts';
import { snippet } from '../../src/graphql/snippet.ts';
import { dateBound } from '../../src/graphql/types/paper.ts';
import { keyLike } from '../../src/graphql/types/topic.ts';

describe('search terms and Lucene queries', () => {
  it.each([
    [
      'graph neural networks',
      ['graph', 'neural', 'networks'],
      '"graph neural networks"^2 graph neural networks networks*',
    ],
    ['title:(x OR y) AND z~2', ['title', 'x', 'y', 'z', '2'], '"title x y z 2"^2 title x y z 2'],
    ['"quoted" \\ / * ? ^', ['quoted'], 'quoted quoted*'],
    ['&& || !', [], ''],
    ['Ｆｕｌｌ-width', ['full', 'width'], '"full width"^2 full width width*'],
  ])('%j → %j', (input, terms, query) => {
    expect(searchTerms(input)).toEqual(terms);
    expect(luceneQuery(searchTerms(input))).toBe(query);
  });

  it('keeps at most 16 words', () => {
    expect(searchTerms('a '.repeat(40).replace(/a/g, () => 'w'))).toHaveLength(16);
  });
});

describe('snippets', () => {
  const text =
    'Graph neural networks (GNNs) learn on graphs. We propose a new network for molecules, and show that networks of this kind generalise.';

  it('marks words that start with a term, escaping HTML', () => {
    const s = snippet('Use <b>networks</b> & network-based graphs', ['network', 'graph']);
    expect(s.html).toBe(
      'Use &lt;b&gt;<mark>networks</mark>&lt;/b&gt; &amp; <mark>network</mark>-based <mark>graphs</mark>',
    );
    expect(s.matches).toEqual([
      { start: 7, end: 15 },
      { start: 22, end: 29 },
      { start: 36, end: 42 },
    ]);
  });

  it('cuts a window around the densest matches at word boundaries', () => {
    const long = `${'Lorem ipsum dolor sit amet. '.repeat(20)}${text}${' Filler words follow here.'.repeat(20)}`;
    const s = snippet(long, ['network'], 120);
    expect(s.html.startsWith('…')).toBe(true);
    expect(s.html.endsWith('…')).toBe(true);
    expect(s.html).toContain('<mark>network</mark>');
    expect(s.text.length).toBeLessThanOrEqual(122);
    expect(
      s.text
        .replace(/…/g, '')
        .trim()
        .split(' ')
        .every((w) => long.includes(w)),
    ).toBe(true);
  });

  it('returns the start of the text when nothing matches', () => {
    expect(snippet(text, ['zebra'], 40)).toMatchObject({
      matches: [],
      html: 'Graph neural networks (GNNs) learn on…',
    });
  });
});

describe('date bounds', () => {
  it.each([
    ['2023', 'start', '2023-01-01'],
    ['2023', 'end', '2023-12-31'],
    ['2024-02', 'end', '2024-02-29'],
    ['2023-02', 'end', '2023-02-28'],
    ['2023-06-15', 'start', '2023-06-15'],
  ] as const)('%s (%s) → %s', (value, side, expected) => {
    expect(dateBound(value, 'publishedFrom', side)).toBe(expected);
  });

  it.each(['2023-02-30', '2023-13', '23', 'yesterday', '2023-1-1'])('refuses %j', (value) => {
    expect(() => dateBound(value, 'publishedTo', 'end')).toThrow(/publishedTo.*must be a date/);
  });
});

describe('API keys', () => {
  const keys = parseApiKeys(' alpha-key , ,beta-key ');

  it('accepts any configured key as a bearer token, and nothing else', () => {
    expect(keys.digests).toHaveLength(2);
    expect(authenticate('Bearer beta-key', keys)).toMatchObject({
      configured: true,
      presented: true,
      valid: true,
    });
    expect(authenticate('Bearer beta-key', keys).keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(authenticate('Bearer beta-key', keys).keyId).not.toBe(
      authenticate('Bearer alpha-key', keys).keyId,
    );
    expect(authenticate('bearer alpha-key', keys).valid).toBe(true);
    expect(authenticate('Bearer alpha', keys)).toEqual({ configured: true, presented: true, valid: false });
    expect(authenticate('alpha-key', keys)).toEqual({ configured: true, presented: false, valid: false });
    expect(authenticate(null, keys).presented).toBe(false);
  });

  it('accepts nothing when no keys are configured', () => {
    expect(authenticate('Bearer anything', parseApiKeys(undefined))).toEqual({
      configured: false,
      presented: true,
      valid: false,
    });
  });
});

describe('key-like prefixes', () => {
  it('lower-cases and turns hyphens into spaces, keeping a trailing space', () => {
    expect(keyLike('Fine-Tun')).toBe('fine tun');
    expect(keyLike('  Neural  N')).toBe('neural n');
    expect(keyLike('self ')).toBe('self ');
  });
});
