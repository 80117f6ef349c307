import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTRACTOR_VERSION } from '../../ingest/extract.ts';
import { findShards, readManifest, sourceLines } from '../../ingest/shards.ts';
import { openSource } from '../../ingest/sources/index.ts';
import type { Database } from '../../src/db/driver.ts';
import { ARXIV_SAMPLE } from '../support/corpus.ts';
import { openTestDatabase, resetGraph, testEnv } from '../support/db.ts';

const run = promisify(execFile);

async function ingestCli(args: string[], env: NodeJS.ProcessEnv = testEnv()) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'ingest/cli.ts', ...args], {
      env,
      timeout: 180_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout: string; stderr: string };
    return { code: e.code ?? -1, stdout: e.stdout, stderr: e.stderr };
  }
}

let db: Database;
let dir: string;

/** Nodes by label, relationships by type, and the authors and categories of every paper. */
async function kinds() {
  const rows = async (cypher: string) =>
    (await db.driver.executeQuery(cypher, {}, { database: db.database })).records.map((r) => r.toObject());
  const count = (xs: Record<string, unknown>[]) =>
    Object.fromEntries(xs.map((x) => [x.k as string, Number(x.n)]));
  return {
    labels: count(
      await rows('MATCH (n) WHERE NOT n:IngestRun UNWIND labels(n) AS k RETURN k, count(*) AS n'),
    ),
    types: count(await rows('MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS n')),
    papers: await rows(
      `MATCH (p:Paper) RETURN p.id AS id, p.title AS title, p.published AS published,
         [(a:Author)-[r:AUTHORED]->(p) | [r.position, a.key, a.name]] AS authors,
         [(p)-[:IN_CATEGORY]->(c) | c.code] AS categories ORDER BY id`,
    ).then((ps) =>
      ps.map((p) => ({
        ...p,
        published: String(p.published),
        authors: (p.authors as unknown[][]).map((a) => [Number(a[0]), a[1], a[2]]).sort(),
        categories: (p.categories as string[]).sort(),
      })),
    ),
  };
}

beforeAll(async () => {
  db = await openTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'extract-cli-'));
});
afterAll(async () => {
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run ingest -- extract / load', () => {
  it('extracts two shards and loads them through transactions into the same graph an ingest gives', async () => {
    await resetGraph(db);
    const direct = await ingestCli([ARXIV_SAMPLE, '--limit', '200']);
    expect(direct.code).toBe(0);
    const ingested = await kinds();
    expect(ingested.labels).toMatchObject({ Author: expect.any(Number), Category: expect.any(Number) });
    await resetGraph(db);

    const out = path.join(dir, 'sample');
    const shard = (i: number) =>
      ingestCli([
        'extract',
        ARXIV_SAMPLE,
        '--out',
        out,
        '--shard',
        `${i}/2`,
        '--limit',
        '200',
        '--workers',
        '1',
      ]);
    const first = await shard(0);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^extract 0\/2 of test\/fixtures\/arxiv-sample\.jsonl\.gz: done; 100 papers in 1 parts \(100 read now at [\d.]+ papers\/s, 0 before, 0 skipped\) in .+; peak RSS \d+ MB$/m,
    );
    expect((await shard(1)).stdout).toContain(
      'extract 1/2 of test/fixtures/arxiv-sample.jsonl.gz: done; 100 papers',
    );

    const loaded = await ingestCli(['load', out]);
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toMatch(
      /^loaded 200 papers from test\/fixtures\/arxiv-sample\.jsonl\.gz: \d+ topics created, 0 skipped/m,
    );
    expect(await kinds()).toEqual(ingested);
    // loaded again, nothing changed: every paper is unchanged
    const again = await ingestCli(['load', out]);
    expect(again.stdout).toMatch(/^loaded 0 papers from/m);
    expect(await kinds()).toEqual(ingested);
  }, 600_000);

  it('resumes after kill -9: every record once, in source order', async () => {
    const out = path.join(dir, 'killed');
    const args = ['--import', 'tsx', 'ingest/cli.ts', 'extract', ARXIV_SAMPLE, '--out', out];
    const child = spawn(process.execPath, [...args, '--part-size', '50', '--workers', '1'], {
      env: testEnv(),
      stdio: 'ignore',
    });
    const manifest = path.join(out, 'arxiv-sample.shard-0of1.manifest.json');
    const deadline = Date.now() + 240_000;
    // killed once two parts are listed, while later ones are being extracted
    while (Date.now() < deadline) {
      const parts = await readManifest(manifest).then(
        (m) => m.parts.length,
        () => 0,
      );
      if (parts >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const before = await readManifest(manifest);
    expect(before.done).toBe(false);
    expect(before.parts.length).toBeGreaterThanOrEqual(2);

    const resumed = await ingestCli([
      'extract',
      ARXIV_SAMPLE,
      '--out',
      out,
      '--part-size',
      '50',
      '--workers',
      '1',
    ]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(
      new RegExp(
        `done; 600 papers in 12 parts \\(${600 - before.parts.length * 50} read now at [\\d.]+ papers/s, ${before.parts.length * 50} before, 0 skipped\\)`,
      ),
    );
    const [set] = await findShards([out], EXTRACTOR_VERSION);
    const ids: string[] = [];
    for await (const line of sourceLines(set as NonNullable<typeof set>)) ids.push(line.id);
    const source: string[] = [];
    for await (const item of openSource(ARXIV_SAMPLE)) if (item.record) source.push(item.record.id);
    expect(ids).toEqual(source);
    expect((await readdir(out)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 600_000);

  it('refuses, in one line each, what it cannot load', async () => {
    const out = path.join(dir, 'sample');
    const lone = path.join(dir, 'lone');
    await mkdir(lone, { recursive: true });
    await cp(
      path.join(out, 'arxiv-sample.shard-0of2.manifest.json'),
      path.join(lone, 'arxiv-sample.shard-0of2.manifest.json'),
    );
    await cp(
      path.join(out, 'arxiv-sample.shard-0of2.part-00000.jsonl.gz'),
      path.join(lone, 'arxiv-sample.shard-0of2.part-00000.jsonl.gz'),
    );
    const empty = path.join(dir, 'empty');
    await mkdir(empty, { recursive: true });
    const remote = { ...testEnv(), NEO4J_URI: 'bolt://db.example.org:7687' };
    const cases: [string[], RegExp, NodeJS.ProcessEnv?][] = [
      [
        ['load', lone],
        /^error: test\/fixtures\/arxiv-sample\.jsonl\.gz: shard 1\/2 missing: copy its files beside the others$/,
      ],
      [['load', empty], /^error: .+empty: holds no extraction manifest/],
      [['load', path.join(dir, 'nowhere')], /^error: .+nowhere: no such folder$/],
      [
        ['load', out, '--bulk'],
        /^error: --bulk: NEO4J_URI names a server \(bolt:\/\/db\.example\.org:7687\) where neo4j-admin cannot import: load without --bulk to write through transactions$/,
        remote,
      ],
      [
        ['extract', ARXIV_SAMPLE, '--out', out, '--shard', '2/2'],
        /^error: --shard: "2\/2" is not i\/n with 0 <= i < n <= 10000/,
      ],
      [
        ['extract', ARXIV_SAMPLE, '--out', out, '--shard', '0/2', '--limit', '10'],
        /^error: .+arxiv-sample\.shard-0of2\.manifest\.json: holds shard 0\/2 of another run \(its limit is 200, this run's 10\); give another --out or delete it$/,
      ],
      [['extract', 'missing.jsonl', '--out', out], /^error: missing\.jsonl: no such file$/],
      [
        ['extract', ARXIV_SAMPLE, '--out', ARXIV_SAMPLE],
        /^error: test\/fixtures\/arxiv-sample\.jsonl\.gz: is a file, not a folder$/,
      ],
    ];
    for (const [args, message, env] of cases) {
      const result = await ingestCli(args, env);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr.trim(), args.join(' ')).toMatch(message);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  }, 600_000);
});
