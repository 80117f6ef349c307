import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBaseGraph } from '../../ingest/bulk-csv.ts';
import {
  FORMAT,
  findShards,
  lineHead,
  type Manifest,
  openShard,
  paperLine,
  parseShard,
  shardName,
  sourceLines,
} from '../../ingest/shards.ts';
import type { PaperWrite } from '../../src/db/ingest-repo.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shards-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function paper(id: string, position: number, extra: Partial<PaperWrite> = {}): PaperWrite {
  return {
    id,
    title: `Title ${id}`,
    abstract: 'An abstract.',
    published: '2019-05-01',
    updated: null,
    url: null,
    doi: null,
    source: 'corpus.jsonl',
    position,
    hash: `h-${id}`,
    authors: [{ key: 'doe j', name: 'J. Doe' }],
    categories: ['cs.LG'],
    mentions: [
      {
        key: 'neural network',
        name: 'neural networks',
        score: 0.5,
        concept: true,
        central: false,
        count: 1,
        fields: ['abstract'],
        starts: [3],
        ends: [18],
      },
    ],
    definitions: [],
    textVector: [0.6, -0.8],
    ...extra,
  };
}

/** Writes shard i/n of `papers` (every n-th by position) as a finished extraction. */
async function shard(out: string, i: number, n: number, papers: PaperWrite[], extractor = 'x-1') {
  const w = await openShard(out, {
    source: '/data/corpus.jsonl',
    sourceBytes: 100,
    shard: { index: i, count: n },
    limit: null,
    extractor,
  });
  const mine = papers.filter((_, k) => k % n === i);
  await w.writePart(mine, mine.length, []);
  await w.finish();
}

describe('shard specs and file names', () => {
  it.each([
    ['0/1', { index: 0, count: 1 }],
    ['3/4', { index: 3, count: 4 }],
    [' 1/2 ', { index: 1, count: 2 }],
  ])('parses %s', (text, spec) => {
    expect(parseShard(text)).toEqual(spec);
  });

  it.each(['2/2', '1', '-1/2', '0/0', 'a/b', '1/20000'])('refuses %s in one line', (text) => {
    expect(() => parseShard(text)).toThrow(
      `--shard: "${text}" is not i/n with 0 <= i < n <= 10000 (e.g. 0/4)`,
    );
  });

  it('names a shard after its source, without the folder or the extension', () => {
    expect(shardName('../data/corpus/arxiv-100k.jsonl.gz', { index: 1, count: 4 })).toBe(
      'arxiv-100k.shard-1of4',
    );
    expect(shardName('-', { index: 0, count: 1 })).toBe('stdin.shard-0of1');
  });

  it('writes id and position first, so duplicates are found without parsing a line', () => {
    const line = paperLine(paper('quote"d\\id', 42));
    expect(line.startsWith('{"id":"quote\\"d\\\\id","position":42,')).toBe(true);
    expect(lineHead(line)).toEqual({ id: 'quote"d\\id', position: 42 });
    expect(JSON.parse(line)).toEqual(paper('quote"d\\id', 42));
    expect(lineHead('{"title":"x"}')).toBeNull();
  });
});

describe('finding and merging shards', () => {
  const papers = Array.from({ length: 7 }, (_, k) => paper(`p${k}`, k));

  it('merges the shards of a source back into source order, from another folder path', async () => {
    const out = path.join(dir, 'merge');
    await shard(out, 0, 3, papers);
    await shard(out, 1, 3, papers);
    await shard(out, 2, 3, papers);
    const sets = await findShards([out], 'x-1');
    expect(sets).toHaveLength(1);
    expect(sets[0]?.count).toBe(3);
    const order: string[] = [];
    for await (const l of sourceLines(sets[0] as (typeof sets)[number])) order.push(l.id);
    expect(order).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
  });

  it('refuses missing, unfinished, doubled or foreign shards, naming the file and what to do', async () => {
    const missing = path.join(dir, 'missing');
    await shard(missing, 0, 3, papers);
    await shard(missing, 2, 3, papers);
    await expect(findShards([missing], 'x-1')).rejects.toThrow(
      '/data/corpus.jsonl: shard 1/3 missing: copy its files beside the others',
    );
    await expect(findShards([missing], 'x-2')).rejects.toThrow(
      /corpus\.shard-0of3\.manifest\.json: was extracted by x-1, this version is x-2: extract the source again$/,
    );
    const unfinished = path.join(dir, 'unfinished');
    const w = await openShard(unfinished, {
      source: 'corpus.jsonl',
      sourceBytes: 100,
      shard: { index: 0, count: 1 },
      limit: null,
      extractor: 'x-1',
    });
    await w.writePart([paper('a', 0)], 1, []);
    await expect(findShards([unfinished], 'x-1')).rejects.toThrow(
      /corpus\.shard-0of1\.manifest\.json: is unfinished: run the same extract command again to resume it$/,
    );
    await expect(findShards([path.join(dir, 'merge'), path.join(dir, 'merge')], 'x-1')).rejects.toThrow(
      /shard 0\/3 of \/data\/corpus\.jsonl is given twice$/,
    );
    const mixed = path.join(dir, 'mixed');
    await shard(mixed, 0, 2, papers);
    const other = JSON.parse(
      await readFile(path.join(mixed, 'corpus.shard-0of2.manifest.json'), 'utf8'),
    ) as Manifest;
    await writeFile(
      path.join(mixed, 'corpus.shard-1of3.manifest.json'),
      JSON.stringify({ ...other, shard: { index: 1, count: 3 } }),
    );
    await expect(findShards([mixed], 'x-1')).rejects.toThrow(
      /corpus\.shard-1of3\.manifest\.json: is shard 1\/3 of \/data\/corpus\.jsonl, whose other shards are of 2$/,
    );
    await writeFile(path.join(mixed, 'bad.manifest.json'), '{"format":"other"}');
    await expect(findShards([mixed], 'x-1')).rejects.toThrow(
      `bad.manifest.json: is no extraction manifest of ${FORMAT}`,
    );
    await expect(findShards([path.join(dir, 'nowhere')], 'x-1')).rejects.toThrow(/nowhere: no such folder$/);
  });

  it('refuses to resume into a folder holding another run of the same shard', async () => {
    const out = path.join(dir, 'resume');
    await shard(out, 0, 2, papers);
    await expect(
      openShard(out, {
        source: 'elsewhere/corpus.jsonl',
        sourceBytes: 100,
        shard: { index: 0, count: 2 },
        limit: 5,
        extractor: 'x-1',
      }),
    ).rejects.toThrow(
      /holds shard 0\/2 of another run \(its limit is null, this run's 5\); give another --out or delete it$/,
    );
    // the same file at another path resumes
    const again = await openShard(out, {
      source: 'elsewhere/corpus.jsonl',
      sourceBytes: 100,
      shard: { index: 0, count: 2 },
      limit: null,
      extractor: 'x-1',
    });
    expect(again.resumeAfter).toBe(4);
    expect(again.manifest.done).toBe(true);
  });
});

describe('the importer CSVs', () => {
  it('quote text, keep nulls empty, write the later of two records of an id, and count phrases once', async () => {
    const out = path.join(dir, 'csv-in');
    const tricky = paper('p1', 1, {
      title: 'Commas, "quotes"\nand a new line',
      published: '1999',
      doi: '10.1/x',
      definitions: [
        { short: 'NN', shortKey: 'nn', longKey: 'neural network', initials: true },
        { short: 'NN', shortKey: 'nn', longKey: 'neural network', initials: true },
        { short: 'XY', shortKey: 'xy', longKey: 'no such phrase', initials: false },
      ],
    });
    const records = [paper('p0', 0), tricky, paper('p0', 2, { title: 'Later title' })];
    await shard(out, 0, 1, records);
    const sets = await findShards([out], 'x-1');
    const csv = path.join(dir, 'csv-out');
    const base = await writeBaseGraph(sets, {
      dir: csv,
      extractor: 'x-1',
      runId: 'run-1',
      now: '2026-01-01T00:00:00Z',
    });
    expect(base.counts).toEqual({ papers: 2, duplicates: 1, phrases: 1, mentions: 2, authors: 1 });
    expect(base.paperIds.sort()).toEqual(['p0', 'p1']);
    const papersCsv = (await readFile(path.join(csv, 'papers.csv'), 'utf8')).split('\n');
    expect(papersCsv[0]).toMatch(/^id:ID\(Paper\),title,abstract,/);
    const text = papersCsv.join('\n');
    expect(text).toContain(
      '"p1","Commas, ""quotes""\nand a new line","An abstract.","corpus.jsonl",1,,"10.1/x","h-p1",0.6;-0.8,"x-1",false,1999-01-01,1999,,2026-01-01T00:00:00Z,2026-01-01T00:00:00Z',
    );
    expect(text).toContain('"p0","Later title"');
    expect(text).not.toContain('"Title p0"');
    expect(await readFile(path.join(csv, 'phrases.csv'), 'utf8')).toBe(
      'key:ID(Phrase),name,nameKey,paperCount:long,createdRun,:LABEL\n"neural network","neural networks","neural networks",2,"run-1",Phrase;Topic\n',
    );
    // one definition per short and long form, and none of a phrase no paper mentions
    expect(await readFile(path.join(csv, 'defines.csv'), 'utf8')).toBe(
      ':START_ID(Paper),:END_ID(Phrase),shortKey,short,initials:boolean\n"p1","neural network","nn","NN",true\n',
    );
    expect((await readFile(path.join(csv, 'mentions.csv'), 'utf8')).split('\n')[1]).toBe(
      '"p1","neural network",0.5,1,abstract,3,18,"neural networks",1,true,false,"x-1"',
    );
  });
});
