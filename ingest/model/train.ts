import { createReadStream, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { exitOnError, requireFile } from '../../src/cli-errors.ts';
import { analyse } from '../extract.ts';
import { displayName } from '../stages/06-rank.ts';
import { type CorpusStatistics, FEATURES, type FeatureVector, featurise, groupByKey } from './features.ts';
import { readDocuments } from './gold-documents.ts';
import { keyphraseness, knownWithout, type TrainingDocument } from './known-phrases.ts';
import { fitLogistic } from './logistic.ts';
import { stemPhrase } from './protocol.ts';
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

/** Phrases in fewer sampled documents than this are left out (they count as this rare). */
const PHRASE_DF_FLOOR = 3;

function table(df: Map<string, number>, floor: number): Record<string, number> {
  const kept: Record<string, number> = {};
  for (const [w, c] of [...df].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (c >= floor) kept[w] = c;
  return kept;
}

/**
 * Word document frequencies over every document of the corpora, and topic-key document frequencies over
 * the first `phraseDocs` of each (the extractor reads them: slower than splitting words).
 */
async function corpusStatistics(
  files: string[],
  phraseDocs: number,
  log: (line: string) => void,
): Promise<CorpusStatistics> {
  const words = new Map<string, number>();
  const phrases = new Map<string, number>();
  let n = 0;
  let sampled = 0;
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()) });
    let read = 0;
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const doc = JSON.parse(line) as { title?: string; abstract?: string };
      const title = doc.title ?? '';
      const abstract = doc.abstract ?? '';
      for (const w of new Set(`${title} ${abstract}`.toLowerCase().match(WORD) ?? [])) {
        words.set(w, (words.get(w) ?? 0) + 1);
      }
      if (read++ < phraseDocs) {
        for (const k of new Set(analyse(title, abstract).phrases.map((p) => p.key))) {
          phrases.set(k, (phrases.get(k) ?? 0) + 1);
        }
        sampled++;
      }
      n++;
    }
    log(`${file}: ${n} documents so far, ${words.size} distinct words, ${phrases.size} distinct topic keys`);
  }
  return {
    words: { n, df: table(words, DF_FLOOR), unseen: DF_FLOOR / 2 },
    phrases: { n: sampled, df: table(phrases, PHRASE_DF_FLOOR), unseen: PHRASE_DF_FLOOR / 2 },
  };
}

function loadCorpus(): CorpusStatistics {
  return (JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as KeyphraseModel).corpus;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      shared: { type: 'string', default: '../shared' },
      out: { type: 'string', default: MODEL_FILE.pathname },
      'phrase-docs': { type: 'string', default: '15000' },
      'reuse-corpus': { type: 'boolean', default: false },
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
  const hint = 'the model is rebuilt from the shared data: give its folder with --shared <dir>';
  for (const file of [...(values['reuse-corpus'] ? [] : corpora), ...splits]) requireFile(file, hint);

  // --reuse-corpus keeps the current model's corpus tables (the corpus pass takes minutes) when only
  // the ranker's features change
  const corpus = values['reuse-corpus']
    ? loadCorpus()
    : await corpusStatistics(corpora, Number(values['phrase-docs']), log);
  log(
    `corpus tables: ${Object.keys(corpus.words.df).length} words in at least ${DF_FLOOR} of ${corpus.words.n} documents, ${Object.keys(corpus.phrases.df).length} topic keys in at least ${PHRASE_DF_FLOOR} of ${corpus.phrases.n}`,
  );

  const documents: TrainingDocument[] = [];
  for (const [split, file] of splits.entries()) {
    const docs = await readDocuments(file);
    for (const doc of docs) {
      const { phrases, paper } = analyse(doc.title, doc.abstract);
      const groups = groupByKey(phrases);
      const gold = new Set(doc.keyphrases.map(stemPhrase));
      const stems = groups.map((g) => stemPhrase(displayName(g.key, g.phrases)));
      documents.push({ split, groups, paper, stems, labels: stems.map((st) => (gold.has(st) ? 1 : 0)) });
    }
  }
  const known = keyphraseness(documents);
  log(`key-phraseness: ${Object.keys(known.counts).length} phrases from ${known.docs} training documents`);

  const xs: FeatureVector[] = [];
  const ys: number[] = [];
  const weights: number[] = [];
  for (const [split, file] of splits.entries()) {
    const start = xs.length;
    let positives = 0;
    const docs = documents.filter((d) => d.split === split);
    for (const doc of docs) {
      const features = featurise(doc.groups, doc.paper, corpus, knownWithout(known, doc));
      for (const [i, x] of features.entries()) {
        xs.push(x);
        ys.push(doc.labels[i] ?? 0);
        positives += doc.labels[i] ?? 0;
      }
    }
    const count = xs.length - start;
    // each split weighs the same in the fit, whatever its size
    for (let i = 0; i < count; i++) weights.push(1 / count);
    log(`${file}: ${docs.length} documents, ${count} candidates, ${positives} of them gold`);
  }
  const fit = fitLogistic(xs, ys, weights, { l2: 1e-4, iterations: 1500, rate: 2 });
  const model: KeyphraseModel = {
    version: EXTRACTOR_MODEL_VERSION,
    features: [...FEATURES],
    weights: fit.weights.map((w) => Math.round(w * 1e6) / 1e6),
    mean: fit.mean.map((w) => Math.round(w * 1e6) / 1e6),
    scale: fit.scale.map((w) => Math.round(w * 1e6) / 1e6),
    corpus,
    known,
    trainedOn: [...splits, ...corpora].map((f) => path.basename(f)),
  };
  await writeFile(values.out, `${JSON.stringify(model)}\n`);
  for (const [i, name] of FEATURES.entries()) log(`  ${name.padEnd(40)} ${fit.weights[i]?.toFixed(3)}`);
  log(`model written to ${values.out} (log loss ${fit.loss.toFixed(4)})`);
}

main().catch(exitOnError);
