import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exitOnError } from '../../src/cli-errors.ts';
import { InputError } from '../../src/errors.ts';
import { corpusDocuments } from './corpus-terms.ts';
import { type SparseRow, truncatedSvd } from './svd.ts';
import { spaceDigest, TEXT_SPACE_FILE, type TextSpaceFile, words, wordWeights } from './text-space.ts';

/**
 * npm run model:text-space -- [--shared ../shared] [--dims 128] [--words 20000]
 * Fits the latent semantic space related papers use (text-space.ts): the TF-IDF matrix of every title and
 * abstract in ../shared/corpus, truncated to its `dims` largest singular vectors. The papers the benches
 * sample (every 20th arXiv paper, every 3rd conference paper) are left out, as for the concept lexicon.
 */
const CORPORA: [file: string, heldOutModulo: number][] = [
  ['arxiv-100k.jsonl.gz', 20],
  ['ml-conferences-16k.jsonl.gz', 3],
];
const MIN_DF = 5;
const VERSION_PREFIX = 'lsa-1';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      shared: { type: 'string', default: '../shared' },
      dims: { type: 'string', default: '128' },
      words: { type: 'string', default: '20000' },
    },
  });
  const dims = Number(values.dims);
  const maxWords = Number(values.words);
  if (!Number.isInteger(dims) || dims < 2)
    throw new InputError('--dims', `${values.dims}: expected a whole number ≥ 2`);
  if (!Number.isInteger(maxWords) || maxWords < dims)
    throw new InputError('--words', `${values.words}: expected a whole number ≥ --dims`);
  const log = (line: string) => console.error(line);

  const texts: string[] = [];
  const trainedOn: string[] = [];
  for (const [file, modulo] of CORPORA) {
    const corpus = path.join(values.shared, 'corpus', file);
    if (!existsSync(corpus))
      throw new InputError(corpus, 'missing: the text space is fitted on ../shared/corpus');
    const before = texts.length;
    for await (const doc of corpusDocuments(corpus, 0, 1, (i) => i % modulo === 0)) {
      texts.push(`${doc.title}\n${doc.abstract}`);
    }
    trainedOn.push(`${file} (${texts.length - before} papers, every ${modulo}th left out)`);
    log(`${file}: ${texts.length - before} papers`);
  }

  const df = new Map<string, number>();
  for (const text of texts) for (const w of new Set(words(text))) df.set(w, (df.get(w) ?? 0) + 1);
  const vocabulary = [...df]
    .filter(([, n]) => n >= MIN_DF && n <= texts.length / 2)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxWords)
    .map(([w]) => w);
  const index = new Map(vocabulary.map((w, i) => [w, i]));
  const idf = Float64Array.from(vocabulary, (w) => Math.log((1 + texts.length) / (1 + (df.get(w) ?? 0))) + 1);
  log(`${vocabulary.length} words (of ${df.size}); fitting ${dims} dimensions over ${texts.length} papers`);

  const rows: SparseRow[] = texts.map((text) => {
    const weights = wordWeights({ index, idf }, text);
    return { index: Int32Array.from(weights, ([i]) => i), value: Float64Array.from(weights, ([, w]) => w) };
  });
  const started = Date.now();
  const svd = truncatedSvd(rows, vocabulary.length, dims, { seed: 20261202 });
  log(
    `fitted in ${((Date.now() - started) / 1000).toFixed(0)} s; singular values ${(svd.sigma[0] ?? 0).toFixed(2)} … ${(svd.sigma[svd.k - 1] ?? 0).toFixed(2)}`,
  );

  const scale: number[] = [];
  const bytes = new Int8Array(vocabulary.length * svd.k);
  for (let r = 0; r < vocabulary.length; r++) {
    let top = 0;
    for (let j = 0; j < svd.k; j++) top = Math.max(top, Math.abs(svd.right[r * svd.k + j] ?? 0));
    const step = top / 127 || 1;
    scale.push(Number(step.toPrecision(6)));
    for (let j = 0; j < svd.k; j++) bytes[r * svd.k + j] = Math.round((svd.right[r * svd.k + j] ?? 0) / step);
  }
  const vectors = Buffer.from(bytes.buffer).toString('base64');
  const file: TextSpaceFile = {
    // a refit is a new space: papers embedded in the old one are extracted again, never compared across
    version: `${VERSION_PREFIX}-${svd.k}x${vocabulary.length}-${spaceDigest(vocabulary, vectors)}`,
    dims: svd.k,
    words: vocabulary,
    idf: Array.from(idf, (x) => Number(x.toPrecision(6))),
    scale,
    vectors,
    trainedOn,
  };
  await writeFile(TEXT_SPACE_FILE, `${JSON.stringify(file)}\n`);
  log(`wrote ${path.relative(process.cwd(), TEXT_SPACE_FILE.pathname)} (${file.version})`);
}

main().catch(exitOnError);
