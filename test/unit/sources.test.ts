import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchArxiv } from '../../ingest/sources/arxiv-api.ts';
import { parseArxivAtom } from '../../ingest/sources/arxiv-atom.ts';
import { openSource, sniff } from '../../ingest/sources/index.ts';
import { readJsonl } from '../../ingest/sources/jsonl.ts';
import { lines } from '../../ingest/sources/lines.ts';
import { arxivId, normaliseDoi, paperId, stableId } from '../../src/domain/identity.ts';
import type { SourceItem } from '../../src/domain/record.ts';
import { ARXIV_SAMPLE } from '../support/corpus.ts';

async function collect(items: AsyncIterable<SourceItem>): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const jsonl = (...rows: string[]) => Readable.from([Buffer.from(rows.join('\n'))]);

describe('identity', () => {
  it.each([
    ['2106.09685v2', '2106.09685'],
    ['http://arxiv.org/abs/2106.09685v1', '2106.09685'],
    ['arXiv:1501.00096', '1501.00096'],
    ['hep-th/9901001', 'hep-th/9901001'],
    ['http://arxiv.org/abs/math.GT/0309136v2', 'math.GT/0309136'],
    ['iclr-2020-006f52e9', null],
    ['', null],
  ])('arXiv id of %j is %j', (raw, id) => {
    expect(arxivId(raw)).toBe(id);
  });

  it('normalises DOIs and falls back from arXiv id to DOI to title', () => {
    expect(normaliseDoi('https://doi.org/10.1103/PhysRevD.1.1.')).toBe('10.1103/physrevd.1.1');
    expect(paperId({ id: '2106.09685v3', doi: '10.1/x', title: 'T' })).toBe('2106.09685');
    expect(paperId({ id: 'iclr-1', doi: 'doi:10.1234/X', title: 'T' })).toBe('doi:10.1234/x');
    expect(paperId({ id: 'iclr-1', title: 'Deep Nets' })).toBe(stableId('deep nets'));
  });
});

describe('JSON Lines source', () => {
  it('reads the corpus layout, gzip or not', async () => {
    const row = {
      id: '1501.00096v2',
      title: 'A  title\nwrapped',
      abstract: 'Some abstract.',
      published: '2015-01-01',
      updated: null,
      authors: ['Ada Lovelace', 'Alan Turing'],
      categories: ['cs.LG'],
      primary_category: 'cs.LG',
      doi: null,
    };
    const items = await collect(readJsonl(jsonl(JSON.stringify(row)), 'x.jsonl'));
    expect(items).toHaveLength(1);
    expect(items[0]?.record).toMatchObject({
      id: '1501.00096',
      title: 'A title wrapped',
      published: '2015-01-01',
      authors: ['Ada Lovelace', 'Alan Turing'],
      categories: ['cs.LG'],
      line: 1,
    });
    const conference = {
      id: 'iclr-2020-x',
      title: 'T',
      abstract: 'A',
      published: 2020,
      categories: ['iclr'],
      url: null,
    };
    const [item] = await collect(readJsonl(jsonl(JSON.stringify(conference)), 'c.jsonl'));
    expect(item?.record?.published).toBe('2020');
    expect(item?.record?.id).toBe(stableId('T'));
  });

  it('reports each bad line with its number and reason, and goes on', async () => {
    const items = await collect(
      readJsonl(
        jsonl(
          '{"title": "Good one", "abstract": "x"}',
          '{"title": "broken',
          '[1, 2]',
          '{"title": 42}',
          '{"abstract": "no title"}',
          '{"title": "T", "authors": "not a list", "published": "yesterday"}',
          '{"title": "T", "authors": [1, 2]}',
          '',
          '{"title": "Good two", "abstract": null, "published": "2019-02-30"}',
          '{"title": "Good three", "published": "2019-02-28T10:00:00Z"}',
        ),
        'f.jsonl',
      ),
    );
    expect(items.filter((i) => i.record).map((i) => i.record?.title)).toEqual(['Good one', 'Good three']);
    expect(items.filter((i) => i.problem).map((i) => `${i.problem?.line}: ${i.problem?.reason}`)).toEqual([
      expect.stringMatching(/^2: invalid JSON/),
      '3: expected a JSON object, got an array',
      '4: "title" must be a string',
      '5: no "title"',
      expect.stringMatching(/^6: "published" is not a date/),
      '7: "authors" must be a list of strings',
      expect.stringMatching(/^9: "published" is not a date/),
    ]);
  });

  it('reports invalid UTF-8 and over-long lines without holding them', async () => {
    const input = Readable.from([
      Buffer.from('{"title": "ok"}\n'),
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]),
      Buffer.alloc(3000, 0x61),
      Buffer.from('\n{"title": "after"}'),
    ]);
    const out = [];
    for await (const l of lines(input, 1024)) out.push(l);
    expect(out).toEqual([
      { line: 1, text: '{"title": "ok"}' },
      { line: 2, error: 'not valid UTF-8' },
      { line: 3, error: 'line is longer than 1024 bytes' },
      { line: 4, text: '{"title": "after"}' },
    ]);
  });

  it('opens gzip files and sniffs formats', async () => {
    expect(sniff(gzipSync('{}'), 'x')).toBe('jsonl');
    expect(sniff(Buffer.from('<?xml version="1.0"?><feed>'), 'x')).toBe('arxiv-atom');
    expect(sniff(Buffer.from('Get trending papers'), 'x')).toBe('seed');
    const first = [];
    for await (const item of openSource(ARXIV_SAMPLE)) {
      first.push(item);
      if (first.length === 3) break;
    }
    expect(first.map((i) => i.record?.id)).toEqual(['hep-th/9301041', 'cond-mat/9303031', 'hep-th/9305107']);
    expect(first[1]?.record?.authors).toEqual([
      'E. F. Shender',
      'V. B. Cherepanov',
      'P. C. W. Holdsworth',
      'A. J. Berlinsky',
    ]);
  });
});

describe('arXiv Atom source', () => {
  it('reads entries from a recorded API response', async () => {
    const xml = await readFile('test/fixtures/arxiv-page-0.xml', 'utf8');
    const { items, total } = parseArxivAtom(xml, 'page-0.xml');
    expect(total).toBe(3);
    expect(items.map((i) => i.record?.id)).toEqual(['2106.09685', '2203.03466']);
    expect(items[1]?.record).toMatchObject({
      title: 'Tensor Programs V: Tuning Large Neural Networks via Zero-Shot Hyperparameter Transfer',
      published: '2022-03-07',
      authors: ['Greg Yang', 'Edward J. Hu'],
      categories: ['cs.LG', 'cond-mat.dis-nn'],
      doi: '10.48550/arxiv.2203.03466',
      url: 'http://arxiv.org/abs/2203.03466v2',
    });
    expect(items[0]?.record?.abstract.startsWith('An important paradigm')).toBe(true);
  });

  it('reports entries with missing fields and refuses entity declarations', async () => {
    const xml = await readFile('test/fixtures/arxiv-missing-fields.xml', 'utf8');
    const { items } = parseArxivAtom(xml, 'bad.xml');
    expect(items[0]?.record?.id).toBe('2106.09685');
    expect(items[1]?.problem).toMatchObject({ reason: 'entry has no <summary>' });
    expect(items[1]?.problem?.line).toBeGreaterThan(10);
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><feed>&lol2;</feed>';
    expect(parseArxivAtom(bomb, 'bomb.xml').items[0]?.problem?.reason).toBe(
      'DOCTYPE or ENTITY declarations are not allowed',
    );
    expect(parseArxivAtom('<feed><entry>', 'cut.xml').items[0]?.problem?.reason).toMatch(
      /^invalid XML|entry has no/,
    );
  });
});

describe('arXiv API client', () => {
  const requests: URLSearchParams[] = [];
  let failures = 1;
  let base = '';
  const server = createServer(async (req, res) => {
    const params = new URL(req.url ?? '/', 'http://x').searchParams;
    requests.push(params);
    if (failures > 0) {
      failures--;
      res.writeHead(503).end('busy');
      return;
    }
    const page = params.get('start') === '0' ? 'arxiv-page-0.xml' : 'arxiv-page-2.xml';
    res
      .writeHead(200, { 'content-type': 'application/atom+xml' })
      .end(await readFile(`test/fixtures/${page}`));
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('pages politely, retries a 503, and stops at the total', async () => {
    const started = Date.now();
    const items = await collect(
      fetchArxiv({ query: 'cat:cs.LG', max: 10, pageSize: 2, baseUrl: base, delayMs: 50, retries: 2 }),
    );
    expect(items.map((i) => i.record?.id)).toEqual(['2106.09685', '2203.03466', '1706.03762']);
    expect(requests.map((p) => p.get('start'))).toEqual(['0', '0', '2']);
    expect(requests[0]?.get('search_query')).toBe('cat:cs.LG');
    expect(requests[0]?.get('max_results')).toBe('2');
    // one pause before the retry (doubled) and one between pages
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('gives up with a clear error after its retries', async () => {
    failures = 10;
    await expect(
      collect(fetchArxiv({ query: 'x', max: 2, baseUrl: base, delayMs: 1, retries: 1 })),
    ).rejects.toThrow(/answered 503 2 times/);
  });
});
