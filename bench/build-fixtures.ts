import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createGunzip, gzipSync } from 'node:zlib';
import { exitOnError, requireFile } from '../src/cli-errors.ts';
import { ARXIV_2000, ARXIV_SAMPLE, INSPEC_SAMPLE, ML_SAMPLE } from '../test/support/corpus.ts';

/**
 * npm run fixtures:build -- [--shared ../shared]
 * Rebuilds the corpus samples the tests read from the shared data: every k-th line of each file, so that
 * a sample spans the whole corpus (it is sorted by date) instead of its first weeks.
 */
const SAMPLES = [
  { from: 'corpus/arxiv-100k.jsonl.gz', to: ARXIV_SAMPLE, lines: 600 },
  { from: 'corpus/arxiv-100k.jsonl.gz', to: ARXIV_2000, lines: 2000 },
  { from: 'corpus/ml-conferences-16k.jsonl.gz', to: ML_SAMPLE, lines: 300 },
  { from: 'bench/keyphrase/inspec-dev.jsonl', to: INSPEC_SAMPLE, lines: 25 },
];

async function readLines(file: string): Promise<string[]> {
  const input = createReadStream(file);
  const lines = createInterface({ input: file.endsWith('.gz') ? input.pipe(createGunzip()) : input });
  const out: string[] = [];
  for await (const line of lines) if (line.trim() !== '') out.push(line);
  return out;
}

/** `n` lines evenly spread: the middle line of each of n equal runs. */
export function spread<T>(all: T[], n: number): T[] {
  const k = all.length / n;
  return Array.from({ length: Math.min(n, all.length) }, (_, i) => all[Math.floor(i * k + k / 2)] as T);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { shared: { type: 'string', default: '../shared' } } });
  const hint = 'give the folder of the shared data with --shared <dir>';
  const sources = SAMPLES.map((s) => requireFile(path.join(values.shared, s.from), hint));
  for (const [i, sample] of SAMPLES.entries()) {
    const lines = spread(await readLines(sources[i] as string), sample.lines);
    // gzip without a file name or time in its header, so that a rebuild gives the same bytes
    await writeFile(sample.to, gzipSync(`${lines.join('\n')}\n`, { level: 9 }));
    console.log(`${sample.to}: ${lines.length} lines of ${sources[i]}`);
  }
}

main().catch(exitOnError);
