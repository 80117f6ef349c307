import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

/** 600 arXiv records, spread over the 30 years of the shared corpus (npm run fixtures:build). */
export const ARXIV_SAMPLE = 'test/fixtures/arxiv-sample.jsonl.gz';
/** 2,000 arXiv records spread the same way: what the bulk load is compared on with the incremental path. */
export const ARXIV_2000 = 'test/fixtures/arxiv-2000.jsonl.gz';
/** 300 machine-learning conference papers (2020–2024): topics that many papers share. */
export const ML_SAMPLE = 'test/fixtures/ml-conferences-sample.jsonl.gz';
/** 25 documents of the Inspec dev split, with their annotated key phrases. */
export const INSPEC_SAMPLE = 'test/fixtures/inspec-dev-sample.jsonl.gz';

/** The first n lines of a gzip JSON Lines sample, read as a stream. */
export async function sampleLines(n: number, file = ARXIV_SAMPLE): Promise<string[]> {
  const rl = createInterface({ input: createReadStream(file).pipe(createGunzip()) });
  const out: string[] = [];
  for await (const line of rl) {
    out.push(line);
    if (out.length >= n) break;
  }
  rl.close();
  return out;
}
