import { createReadStream, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { readDocuments } from './gold-documents.ts';
import { stemPhrase } from './protocol.ts';
import { exitOnError } from '../../src/cli-errors.ts';
import { analyse } from '../extract.ts';
import { displayName } from '../stages/06-rank.ts';
import { FEATURES, type FeatureVector, featurise, groupByKey, type WordStatistics } from './features.ts';
import { fitLogistic } from './logistic.ts';
import { EXTRACTOR_MODEL_VERSION, type KeyphraseModel, MODEL_FILE } from './ranker.ts';

/**
 * npm run model:keyphrase -- [--shared ../shared] [--out ingest/model/keyphrase-model.json]
 * Rebuilds the key-phrase model from ../shared: word document frequencies from every corpus in
 * corpus/ (arXiv and ML conference abstracts), and the ranker's weights fitted on the benchmark's
 * training splits only (inspec-train, semeval2017-train), each split weighing the same. The dev splits
 * are never read.
 */
const WORD = /\p{L}[\p{L}\p{N}'’-]*/gu;
/** Words in fewer documents than this are left out of the table (they count as this rare). */
const DF_FLOOR = 20;

async function wordStatistics(files: string[], log: (line: string) => void): Promise<WordStatistics> {
  const df = new Map<string, number>();
  let n = 0;
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()) });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const doc = JSON.parse(line) as { title?: string; abstract?: string };
      const seen = new Set(`${doc.title ?? ''} ${doc.abstract ?? ''}`.toLowerCase().match(WORD) ?? []);
      for (const w of seen) df.set(w, (df.get(w) ?? 0) + 1);
      n++;
    }
    log(`${file}: ${n} documents so far, ${df.size} distinct words`);
  }
  const kept: Record<string, number> = {};
  for (const [w, c] of [...df].sort((a, b) => a[0].localeCompare(b[0]))) if (c >= DF_FLOOR) kept[w] = c;
  return { n, df: kept, unseen: DF_FLOOR / 2 };
}

function loadWords(): WordStatistics {
  return (JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as KeyphraseModel).words;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      shared: { type: 'string', default: '../shared' },
      out: { type: 'string', default: MODEL_FILE.pathname },
      'reuse-words': { type: 'boolean', default: false },
    },
  });
  const log = (line: string) => console.error(line);
  const shared = values.shared;
  const corpora = ['arxiv-100k.jsonl.gz', 'ml-conferences-16k.jsonl.gz'].map((f) =>
    path.join(shared, 'corpus', f),
  );
  const splits = ['inspec-train.jsonl', 'semeval2017-train.jsonl'].map((f) =>
    path.join(shared, 'bench/keyphrase', f),
  );

  // --reuse-words keeps the current model's word table (the corpus pass takes a while) when only the
  // ranker changes
  const words = values['reuse-words'] ? loadWords() : await wordStatistics(corpora, log);
  log(`word table: ${Object.keys(words.df).length} words in at least ${DF_FLOOR} of ${words.n} documents`);

  const xs: FeatureVector[] = [];
  const ys: number[] = [];
  const weights: number[] = [];
  for (const split of splits) {
    const docs = await readDocuments(split);
    const start = xs.length;
    let positives = 0;
    for (const doc of docs) {
      const { phrases, paper } = analyse(doc.title, doc.abstract);
      const groups = groupByKey(phrases);
      const gold = new Set(doc.keyphrases.map(stemPhrase));
      const features = featurise(groups, paper, words);
      for (const [i, g] of groups.entries()) {
        const label = gold.has(stemPhrase(displayName(g.key, g.phrases))) ? 1 : 0;
        positives += label;
        xs.push(features[i] as FeatureVector);
        ys.push(label);
      }
    }
    const count = xs.length - start;
    // each split weighs the same in the fit, whatever its size
    for (let i = 0; i < count; i++) weights.push(1 / count);
    log(`${split}: ${docs.length} documents, ${count} candidates, ${positives} of them gold`);
  }
  const fit = fitLogistic(xs, ys, weights, { l2: 1e-4, iterations: 1500, rate: 2 });
  const model: KeyphraseModel = {
    version: EXTRACTOR_MODEL_VERSION,
    features: [...FEATURES],
    weights: fit.weights.map((w) => Math.round(w * 1e6) / 1e6),
    mean: fit.mean.map((w) => Math.round(w * 1e6) / 1e6),
    scale: fit.scale.map((w) => Math.round(w * 1e6) / 1e6),
    words,
    trainedOn: [...splits, ...corpora].map((f) => path.basename(f)),
  };
  await writeFile(values.out, `${JSON.stringify(model)}\n`);
  for (const [i, name] of FEATURES.entries()) log(`  ${name.padEnd(40)} ${fit.weights[i]?.toFixed(3)}`);
  log(`model written to ${values.out} (log loss ${fit.loss.toFixed(4)})`);
}

main().catch(exitOnError);
