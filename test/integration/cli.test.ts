import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/driver.ts';
import { graphCounts } from '../../src/db/ingest-repo.ts';
import { ARXIV_SAMPLE } from '../support/corpus.ts';
import { openTestDatabase, resetGraph, testEnv } from '../support/db.ts';

const run = promisify(execFile);

async function cli(script: string, args: string[], env: NodeJS.ProcessEnv) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...args], {
      env,
      timeout: 90_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout: string; stderr: string };
    return { code: e.code ?? -1, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Runs a CLI with `input` piped to its standard input. */
function cliWithInput(script: string, args: string[], input: Buffer) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: testEnv() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  child.stdin.end(input);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

let db: Database;
let dir: string;

beforeAll(async () => {
  db = await openTestDatabase();
  await resetGraph(db);
  dir = await mkdtemp(path.join(tmpdir(), 'seeds-'));
});
afterAll(async () => {
  await db?.close();
});

describe('npm run ingest', () => {
  it('ingests the seed file and prints a summary', async () => {
    const result = await cli('ingest/cli.ts', ['seeds/trending-papers.txt'], testEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'seeds/trending-papers.txt: read 37, written 37, unchanged 0, skipped 0, topics created',
    );
    expect(result.stdout).toMatch(/graph: 37 papers, \d+ topics, \d+ mentions/);
    expect((await graphCounts(db)).papers).toBe(37);
  });

  const cases: [string, Buffer | null, RegExp][] = [
    ['missing.txt', null, /^error: .*missing\.txt: no such file$/],
    ['empty.txt', Buffer.alloc(0), /^error: .*empty\.txt: file is empty$/],
    [
      'odd.txt',
      Buffer.from('Title one\nAbstract one\nTitle two'),
      /^error: .*odd\.txt:3: odd number of title\/abstract lines/,
    ],
    [
      'junk.bin',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]),
      /^error: .*junk\.bin:1: is not valid UTF-8/,
    ],
  ];

  it.each(cases)(
    'rejects %s with one line and a non-zero exit, writing nothing',
    async (name, content, message) => {
      const file = path.join(dir, name);
      if (content) await writeFile(file, content);
      const before = await graphCounts(db);
      const result = await cli('ingest/cli.ts', [file], testEnv());
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(message);
      expect(await graphCounts(db)).toEqual(before);
    },
  );

  it('rejects a folder with one line and a non-zero exit, writing nothing', async () => {
    const before = await graphCounts(db);
    const result = await cli('ingest/cli.ts', [dir], testEnv());
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`error: ${dir}: is a folder, not a file`);
    expect(await graphCounts(db)).toEqual(before);
  });

  it('writes nothing when any of the files is bad', async () => {
    const good = path.join(dir, 'good.txt');
    await writeFile(good, 'A paper on graph kernels\nWe study graph kernels for molecules.');
    const bad = path.join(dir, 'bad.txt');
    await writeFile(bad, 'Only a title');
    const before = await graphCounts(db);
    const result = await cli('ingest/cli.ts', [good, bad], testEnv());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.txt:1: odd number/);
    expect(await graphCounts(db)).toEqual(before);
  });

  it('checks every file before writing with --dry-run and touches no database', async () => {
    const env = { ...testEnv(), NEO4J_URI: 'bolt://127.0.0.1:1' };
    const result = await cli('ingest/cli.ts', ['seeds/trending-papers.txt', '--dry-run'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('read 37, written 0, unchanged 0, skipped 0 (dry run: nothing written)');
  });
});

describe('npm run ingest on JSON Lines', () => {
  it('skips and reports bad records, or stops at the first with --strict', async () => {
    const file = path.join(dir, 'mixed.jsonl');
    await writeFile(
      file,
      [
        '{"title": "Graph kernels for molecules", "abstract": "We compare graph kernels."}',
        '{oops',
        '{"title": 3}',
      ].join('\n'),
    );
    const lenient = await cli('ingest/cli.ts', [file, '--workers', '0'], testEnv());
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain(`skipped ${file}:2: invalid JSON`);
    expect(lenient.stderr).toContain(`skipped ${file}:3: "title" must be a string`);
    expect(lenient.stdout).toContain('read 1, written 1, unchanged 0, skipped 2');
    const before = await graphCounts(db);
    const strict = await cli('ingest/cli.ts', [file, '--strict', '--workers', '0'], testEnv());
    expect(strict.code).toBe(1);
    expect(strict.stderr.trim().split('\n').at(-1)).toMatch(/^error: .*mixed\.jsonl:2: invalid JSON/);
    expect(await graphCounts(db)).toEqual(before);
  });

  it('rejects unknown formats and bad numbers before doing anything', async () => {
    const result = await cli('ingest/cli.ts', ['x.txt', '--format', 'csv'], testEnv());
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("error: option '--format <format>' argument 'csv' is invalid");
  });
});

describe('npm start', () => {
  it('exits non-zero naming an unreachable NEO4J_URI, without a stack trace', async () => {
    const env = { ...testEnv(), NEO4J_URI: 'bolt://127.0.0.1:1', PORT: '0' };
    const result = await cli('src/main.ts', [], env);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: Neo4j at bolt:\/\/127\.0\.0\.1:1 is unavailable/);
  });

  it('exits non-zero on a malformed NEO4J_URI', async () => {
    const result = await cli('src/main.ts', [], { ...testEnv(), NEO4J_URI: 'localhost:7687' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'error: NEO4J_URI="localhost:7687" is not a Neo4j URI (expected bolt|bolt+s|bolt+ssc|neo4j|neo4j+s|neo4j+ssc://host[:port])',
    );
  });
});

describe('npm run ingest -- - (standard input)', () => {
  it.each([
    ['JSON Lines', 'jsonl', 6, []],
    ['gzip JSON Lines', 'jsonl.gz', 6, []],
    ['the seed page', 'seed', 37, []],
    ['arXiv Atom XML', 'atom', 2, []],
    ['JSON Lines with --format', 'jsonl', 6, ['--format', 'jsonl']],
  ])('reads %s piped in, sniffed or named, and writes every paper', async (_, kind, papers, args) => {
    await resetGraph(db);
    const sample = gunzipSync(await readFile(ARXIV_SAMPLE))
      .toString('utf8')
      .split('\n')
      .slice(100, 106)
      .join('\n');
    const input = {
      jsonl: Buffer.from(sample),
      'jsonl.gz': gzipSync(sample),
      seed: await readFile('seeds/trending-papers.txt'),
      atom: await readFile('test/fixtures/arxiv-page-0.xml'),
    }[kind] as Buffer;
    const result = await cliWithInput('ingest/cli.ts', ['-', '--workers', '0', ...args], input);
    expect(result.stderr).not.toMatch(/error|skipped/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`(stdin): read ${papers}, written ${papers}, unchanged 0, skipped 0`);
    expect((await graphCounts(db)).papers).toBe(papers);
  });

  it('says in one line that standard input is empty, and writes nothing', async () => {
    const before = await graphCounts(db);
    const result = await cliWithInput('ingest/cli.ts', ['-'], Buffer.alloc(0));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('error: (stdin): file is empty');
    expect(await graphCounts(db)).toEqual(before);
  });
});
