import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

export const ARXIV_CORPUS = '../shared/corpus/arxiv-100k.jsonl.gz';

/** The first n lines of a gzip JSON Lines corpus, read as a stream. */
export async function firstCorpusLines(n: number, file = ARXIV_CORPUS): Promise<string[]> {
  const rl = createInterface({ input: createReadStream(file).pipe(createGunzip()) });
  const out: string[] = [];
  for await (const line of rl) {
    out.push(line);
    if (out.length >= n) break;
  }
  rl.close();
  return out;
}
