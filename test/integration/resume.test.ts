import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/driver.ts';
import { graphCounts } from '../../src/db/ingest-repo.ts';
import { sampleLines } from '../support/corpus.ts';
import { openTestDatabase, resetGraph, testEnv } from '../support/db.ts';

const PAPERS = 300;
let db: Database;
let file: string;

function runIngest(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', 'ingest/cli.ts', ...args], {
    env: testEnv(),
    stdio: 'pipe',
  });
}

function finished(child: ReturnType<typeof runIngest>): Promise<{ code: number | null; stdout: string }> {
  let stdout = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout })));
}

async function count(cypher: string): Promise<number> {
  const { records } = await db.driver.executeQuery(cypher, {}, { database: db.database });
  return records[0]?.get(0).toNumber();
}

async function snapshot() {
  return {
    ...(await graphCounts(db)),
    coOccurs: await count('MATCH ()-[r:CO_OCCURS]->() RETURN count(r)'),
    similar: await count('MATCH ()-[r:SIMILAR_TO]->() RETURN count(r)'),
    authored: await count('MATCH ()-[r:AUTHORED]->() RETURN count(r)'),
    underived: await count('MATCH (p:Paper) WHERE NOT p.derived RETURN count(p)'),
  };
}

beforeAll(async () => {
  db = await openTestDatabase();
  await resetGraph(db);
  const lines = await sampleLines(PAPERS);
  file = path.join(await mkdtemp(path.join(tmpdir(), 'resume-')), 'sample.jsonl');
  await writeFile(file, lines.join('\n'));
});
afterAll(async () => {
  await db?.close();
});

describe('an ingest killed mid-run', () => {
  it('loses nothing committed, and a rerun finishes with the exact counts of an uninterrupted run', async () => {
    const args = [file, '--batch-size', '25', '--workers', '0'];
    const first = runIngest(args);
    const exit = finished(first);
    await expect
      .poll(() => count('MATCH (p:Paper) RETURN count(p)'), { timeout: 120_000, interval: 200 })
      .toBeGreaterThanOrEqual(75);
    first.kill('SIGKILL');
    await exit;
    const partial = await count('MATCH (p:Paper) RETURN count(p)');
    expect(partial).toBeGreaterThanOrEqual(75);
    expect(partial).toBeLessThan(PAPERS);

    const rerun = await finished(runIngest(args));
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`read ${PAPERS}, written \\d+, unchanged \\d+, skipped 0`));
    const unchanged = Number(/unchanged (\d+)/.exec(rerun.stdout)?.[1]);
    expect(unchanged).toBeGreaterThanOrEqual(partial - 25);
    const resumed = await snapshot();
    expect(resumed.underived).toBe(0);
    expect(await count('MATCH (p:Paper) WITH p.id AS id, count(*) AS n WHERE n > 1 RETURN count(*)')).toBe(0);
    const statuses = await db.driver.executeQuery(
      'MATCH (r:IngestRun) RETURN r.status AS s ORDER BY r.startedAt',
      {},
      {
        database: db.database,
      },
    );
    expect(statuses.records.map((r) => r.get('s'))).toEqual(['running', 'completed']);

    await resetGraph(db);
    const clean = await finished(runIngest(args));
    expect(clean.code).toBe(0);
    expect(await snapshot()).toEqual(resumed);
  }, 300_000); // three ingests of 300 papers in a child process: slow when the machine is busy
});
