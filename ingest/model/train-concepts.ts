import { execFile } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs, promisify } from 'node:util';
import { exitOnError } from '../../src/cli-errors.ts';
import { VARIANTS_FILE } from '../../src/domain/variants.ts';
import { InputError } from '../../src/errors.ts';
import type { ConceptLexicon } from './concepts.ts';
import { LEXICON_FILE } from './concepts.ts';
import { mergeCounts, type TermCounts } from './corpus-terms.ts';
import { fitLogistic, type LogisticFit } from './logistic.ts';
import { model } from './ranker.ts';
import { seededRandom } from './seeded-random.ts';
import { type Areas, nestingOf, TERMHOOD_FEATURES, termhoodFeatures } from './termhood.ts';

/**
 * npm run model:concepts -- [--shared ../shared] [--labels bench/concepts/labels.tsv] [--terms .data/terms]
 *                           [--sheet out.tsv --size 700 --seed 7]
 * Reads every corpus in ../shared/corpus with the extractor (in parallel shards, cached in --terms), counts
 * per phrase the evidence termhood.ts turns into features, fits a logistic regression on phrases a reader
 * judged (labels: CONCEPT, GENERIC or JUNK, as ../shared/bench/judging.md defines them) and writes the
 * probability of every phrase the corpora hold in two or more documents to concept-lexicon.json.
 * The papers the graph evaluation samples (every 20th arXiv paper, every 3rd conference paper) are left
 * out, so that the evaluation's graph is built from papers the lexicon never read. --sheet writes a
 * seeded sample of phrases to judge instead.
 */
const run = promisify(execFile);
const CORPORA: [file: string, heldOutModulo: number][] = [
  ['arxiv-100k.jsonl.gz', 20],
  ['ml-conferences-16k.jsonl.gz', 3],
];
const MIN_DF = 2;
const VERSION = 'tc-2';

async function countTerms(shared: string, dir: string, log: (line: string) => void): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const shards = availableParallelism();
  const outputs: string[] = [];
  for (const [file, modulo] of CORPORA) {
    const corpus = path.join(shared, 'corpus', file);
    if (!existsSync(corpus))
      throw new InputError(corpus, 'missing: the concept lexicon is built from ../shared/corpus');
    const jobs = Array.from({ length: shards }, async (_, shard) => {
      const out = path.join(dir, `${file.replace(/\.jsonl\.gz$/, '')}-${shard}of${shards}.jsonl`);
      outputs.push(out);
      if (existsSync(out)) return;
      log(`reading ${file}, shard ${shard + 1} of ${shards}`);
      await run(
        process.execPath,
        [
          '--import',
          'tsx',
          new URL('./terms-shard.ts', import.meta.url).pathname,
          corpus,
          String(shard),
          String(shards),
          String(modulo),
          `${out}.part`,
        ],
        { maxBuffer: 1 << 26, env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=8000' } },
      );
      await run('mv', [`${out}.part`, out]);
    });
    await Promise.all(jobs);
  }
  return outputs;
}

async function mergeTerms(files: string[]): Promise<{ terms: Map<string, TermCounts>; docs: number }> {
  const terms = new Map<string, TermCounts>();
  let docs = 0;
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file) });
    let first = true;
    for await (const line of lines) {
      if (first) {
        docs += (JSON.parse(line) as { docs: number }).docs;
        first = false;
        continue;
      }
      const [key, t] = JSON.parse(line) as [string, TermCounts];
      mergeCounts(terms, key, t);
    }
  }
  return { terms, docs };
}

const wordBucket = (key: string) => Math.min(key.split(' ').length, 3) - 1;

const bestName = (t: TermCounts) => Object.entries(t.names).sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';

/** The phrases to judge: the most frequent (they fill topic lists) and a seeded sample of the rest. */
function sheet(terms: Map<string, TermCounts>, size: number, seed: number): string {
  const byDf = [...terms]
    .filter(([, t]) => t.df >= 10)
    .sort((a, b) => b[1].df - a[1].df || (a[0] < b[0] ? -1 : 1));
  const top = byDf.slice(0, Math.round(size * 0.25));
  const rest = byDf.slice(top.length);
  const random = seededRandom(seed);
  const picked = [...top];
  while (picked.length < size && rest.length > 0)
    picked.push(rest.splice(Math.floor(random() * rest.length), 1)[0] as never);
  for (let i = picked.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [picked[i], picked[j]] = [picked[j] as never, picked[i] as never];
  }
  return `key\tname\tverdict\treason\n${picked.map(([k, t]) => `${k}\t${bestName(t)}\t\t`).join('\n')}\n`;
}

async function readLabels(file: string): Promise<Map<string, number>> {
  const labels = new Map<string, number>();
  const lines = (await readFile(file, 'utf8')).split('\n').slice(1);
  for (const line of lines) {
    const [key, , verdict] = line.split('\t');
    if (!key || !verdict) continue;
    const v = verdict.trim().toUpperCase();
    if (v === 'CONCEPT') labels.set(key, 1);
    else if (v === 'GENERIC' || v === 'JUNK') labels.set(key, 0);
  }
  return labels;
}

const probability = (fit: LogisticFit, x: number[]) => {
  let z = 0;
  for (let i = 0; i < x.length; i++) {
    z += (fit.weights[i] ?? 0) * (i === 0 ? 1 : ((x[i] ?? 0) - (fit.mean[i] ?? 0)) / (fit.scale[i] || 1));
  }
  return 1 / (1 + Math.exp(-z));
};

/** k-fold cross-validated probabilities of the labelled phrases. */
function crossValidate(xs: number[][], ys: number[], folds: number, l2: number): number[] {
  const out = new Array<number>(xs.length).fill(0);
  for (let f = 0; f < folds; f++) {
    const train = xs.map((_, i) => i).filter((i) => i % folds !== f);
    const fit = fitLogistic(
      train.map((i) => xs[i] as number[]),
      train.map((i) => ys[i] as number),
      train.map(() => 1),
      { l2, iterations: 3000 },
    );
    for (let i = f; i < xs.length; i += folds) out[i] = probability(fit, xs[i] as number[]);
  }
  return out;
}

/**
 * "space time", "space-time" and "spacetime": one way for each pair of words the corpora also write as one
 * ("spacetime", "nullspace" → "null space"), the one they use most over every phrase holding either, made
 * of words the corpora know ("de sitter", never "desitter"), applied alike inside longer keys.
 */
function spacingVariants(
  terms: Map<string, TermCounts>,
  words: Record<string, number>,
): Record<string, string> {
  const known = (w: string) => Object.hasOwn(words, w);
  const groups = new Map<string, [string, number][]>();
  for (const [key, t] of terms) {
    if (t.df < MIN_DF) continue;
    const glued = key.replace(/ /g, '');
    const group = groups.get(glued);
    if (group) group.push([key, t.df]);
    else groups.set(glued, [[key, t.df]]);
  }
  // per pair "x y": how often the corpora write it apart and how often as "xy"
  const pairs = new Map<string, { apart: number; together: number }>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    for (const [a, dfA] of group) {
      for (const [b, dfB] of group) {
        const ta = a.split(' ');
        const tb = b.split(' ');
        if (ta.length !== tb.length + 1) continue;
        const i = ta.findIndex((w, j) => w !== tb[j]);
        if (
          i < 0 ||
          `${ta[i]}${ta[i + 1]}` !== tb[i] ||
          ta.slice(i + 2).join(' ') !== tb.slice(i + 1).join(' ')
        )
          continue;
        const pair = `${ta[i]} ${ta[i + 1]}`;
        const e = pairs.get(pair) ?? { apart: 0, together: 0 };
        e.apart += dfA;
        e.together += dfB;
        pairs.set(pair, e);
      }
    }
  }
  const out: Record<string, string> = {};
  for (const [pair, { apart, together }] of [...pairs].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const [x, y] = pair.split(' ') as [string, string];
    const glued = `${x}${y}`;
    if (together > apart && known(glued)) out[pair] = glued;
    else if (known(x) && known(y)) out[glued] = pair;
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      shared: { type: 'string', default: '../shared' },
      labels: { type: 'string', default: 'bench/concepts/labels-random.tsv' },
      boundary: { type: 'string', default: 'bench/concepts/labels-boundary.tsv' },
      terms: { type: 'string', default: '.data/terms' },
      sheet: { type: 'string' },
      size: { type: 'string', default: '700' },
      seed: { type: 'string', default: '7' },
      precision: { type: 'string', default: '0.85' },
    },
  });
  const log = (line: string) => console.error(line);
  if (!existsSync(path.join(values.shared, 'corpus'))) {
    throw new InputError(
      values.shared,
      'no corpus/ folder here: the concept lexicon is built from ../shared/corpus',
    );
  }
  const files = await countTerms(values.shared, values.terms, log);
  const { terms, docs } = await mergeTerms(files);
  log(`${docs} documents read, ${terms.size} phrases in ≥ ${MIN_DF} of them`);
  if (values.sheet) {
    await writeFile(values.sheet, sheet(terms, Number(values.size), Number(values.seed)));
    log(`wrote ${values.sheet}`);
    return;
  }
  for (const file of [values.labels, values.boundary]) {
    if (!existsSync(file)) throw new InputError(file, 'no such file: judged phrases to fit on');
  }
  const areaTotals: Areas = {};
  for (const t of terms.values())
    for (const [a, c] of Object.entries(t.archives)) areaTotals[a] = (areaTotals[a] ?? 0) + c;
  const m = model();
  const nesting = nestingOf(terms);
  const features = (key: string, t: TermCounts) =>
    termhoodFeatures(key, t, areaTotals, m.corpus, m.known, nesting.get(key));

  // the random sample (and the most frequent phrases) sets the thresholds, as it is what a graph holds; the
  // phrases an earlier model was unsure of only add to the fit
  const random = await readLabels(values.labels);
  const boundary = await readLabels(values.boundary);
  const labelled = [...random, ...[...boundary].filter(([key]) => !random.has(key))].filter(([key]) =>
    terms.has(key),
  );
  const xs = labelled.map(([key]) => features(key, terms.get(key) as TermCounts));
  const ys = labelled.map(([, y]) => y);
  log(`${labelled.length} judged phrases (${ys.filter((y) => y === 1).length} concepts)`);
  const l2 = 3e-3;
  const cv = crossValidate(xs, ys, 5, l2);
  if (process.env.CONCEPTS_CV_OUT) {
    await writeFile(
      process.env.CONCEPTS_CV_OUT,
      labelled
        .map(([key, y], i) => `${key}\t${y}\t${(cv[i] as number).toFixed(3)}\t${terms.get(key)?.df}`)
        .join('\n'),
    );
  }
  const target = Number(values.precision);
  // one word is a concept far less often than three ("module" against "quantum Monte Carlo"): each length
  // gets the lowest threshold whose cross-validated precision reaches the target
  const thresholds: [number, number, number] = [99, 99, 99];
  console.log('| words | threshold | precision | recall | kept | judged |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const bucket of [0, 1, 2] as const) {
    const mine = cv
      .map((p, i) => ({ p, y: ys[i] as number, key: labelled[i]?.[0] as string }))
      .filter((r) => random.has(r.key) && wordBucket(r.key) === bucket);
    const positives = mine.filter((r) => r.y === 1).length;
    for (let tau = 0.3; tau <= 0.981; tau += 0.02) {
      const kept = mine.filter((r) => r.p >= tau);
      const precision = kept.length === 0 ? 1 : kept.filter((r) => r.y === 1).length / kept.length;
      // a threshold that keeps fewer than ten judged phrases says nothing
      if (precision >= target && kept.length >= 10) {
        thresholds[bucket] = Math.round(tau * 100);
        const recall = kept.filter((r) => r.y === 1).length / Math.max(positives, 1);
        console.log(
          `| ${['one', 'two', 'three or more'][bucket]} | ${tau.toFixed(2)} | ${precision.toFixed(3)} | ${recall.toFixed(3)} | ${kept.length} | ${mine.length} |`,
        );
        break;
      }
    }
  }
  const fit = fitLogistic(
    xs,
    ys,
    xs.map(() => 1),
    { l2, iterations: 3000 },
  );
  console.log('\nweights:');
  for (const [i, name] of TERMHOOD_FEATURES.entries())
    console.log(`  ${name}: ${(fit.weights[i] ?? 0).toFixed(3)}`);
  const keys: Record<string, number> = {};
  for (const [key, t] of [...terms].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (t.df >= MIN_DF) keys[key] = Math.round(100 * probability(fit, features(key, t)));
  }
  const variants = spacingVariants(terms, m.corpus.words.df);
  await writeFile(VARIANTS_FILE, `${JSON.stringify(variants, null, 0)}\n`);
  log(`wrote ${VARIANTS_FILE.pathname}: ${Object.keys(variants).length} spacing variants`);
  const lexicon: ConceptLexicon = {
    version: VERSION,
    thresholds,
    unseenScore: 0.4,
    confidentScore: 0.5,
    floor: 10,
    keys,
    trainedOn: [...CORPORA.map(([f]) => f), path.basename(values.labels), path.basename(values.boundary)],
  };
  await writeFile(LEXICON_FILE, `${JSON.stringify(lexicon)}\n`);
  log(
    `wrote ${LEXICON_FILE.pathname}: ${Object.keys(keys).length} phrases, thresholds ${thresholds.join(' / ')}`,
  );
}

main().catch(exitOnError);
