import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { average, scoreDocument } from '../../ingest/model/protocol.ts';
import { INSPEC_SAMPLE } from '../support/corpus.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'eval-keyphrase-'));

function evaluate(...args: string[]) {
  const run = spawnSync('npx', ['--no-install', 'tsx', 'bench/keyphrase/eval.ts', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run eval:keyphrase', { timeout: 120_000 }, () => {
  const sample = gunzipSync(readFileSync(INSPEC_SAMPLE)).toString('utf8').split('\n').filter(Boolean);
  const file = path.join(dir, 'sample.jsonl');
  writeFileSync(file, `${sample.join('\n')}\n`);
  const gold = sample.map((l) => JSON.parse(l) as { id: string; keyphrases: string[] });

  it('prints the table and, last, one JSON object that its own predictions file reproduces', () => {
    const out = path.join(dir, 'predictions.jsonl');
    const run = evaluate(file, '--json', '--predictions', out, '--peers');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const result = JSON.parse(lines.at(-1) as string);
    expect(Object.keys(result)).toEqual(['docs', 'p5', 'r5', 'f1_5', 'p10', 'r10', 'f1_10']);
    expect(result.docs).toBe(25);
    expect(run.stdout).toMatch(/\| retext-keywords 8 \|/);
    expect(run.stdout).toMatch(/\| RAKE \(rake-js 0\.1\) \|/);
    expect(run.stdout).toMatch(/bare compromise tagging: \d+ abstracts\/s/);

    const predictions = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; keyphrases: string[] });
    expect(predictions.map((p) => p.id)).toEqual(gold.map((g) => g.id));
    for (const p of predictions) expect(p.keyphrases.length).toBeGreaterThan(5);
    const mean = average(
      predictions.map((p, i) => scoreDocument(p.keyphrases, gold[i]?.keyphrases ?? [], [5, 10])),
      [5, 10],
    );
    expect(result.f1_10).toBeCloseTo(mean.get(10)?.f1 ?? -1, 4);
    expect(result.p5).toBeCloseTo(mean.get(5)?.p ?? -1, 4);
  });

  it('scores other cut-offs with --k', () => {
    const run = evaluate(file, '--json', '--k', '3');
    expect(run.status).toBe(0);
    expect(Object.keys(JSON.parse(run.stdout.trim().split('\n').at(-1) as string))).toEqual([
      'docs',
      'p3',
      'r3',
      'f1_3',
    ]);
  });

  it('names the line of a malformed document and exits non-zero', () => {
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, `${sample[0]}\n{"id": "x", "abstract": "text", "keyphrases": "not a list"}\n`);
    const run = evaluate(bad);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(`error: ${bad}:2: "keyphrases" must be a list of strings`);
    const missing = evaluate(path.join(dir, 'nope.jsonl'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nope.jsonl: cannot read it (ENOENT)');
    const usage = evaluate(file, '--k', 'ten');
    expect(usage.status).toBe(2);
  });
});
