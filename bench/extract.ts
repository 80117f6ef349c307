import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { analyse, extract } from '../ingest/extract.ts';
import { openSource } from '../ingest/sources/index.ts';
import { rank } from '../ingest/stages/06-rank.ts';
import { spreadSample } from './sample.ts';

/**
 * npm run bench:extract -- [corpus] [--sample 2000] [--rounds 3]
 * What stage 7 (uses) costs on one core: papers a second through stages 1–6 (what the graph had before it)
 * and through all seven, on a sample spread over the corpus, rounds interleaved so that both see the same
 * machine.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { sample: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '3' } },
});
const corpus = positionals[0] ?? '../shared/corpus/arxiv-100k.jsonl.gz';
if (!existsSync(corpus)) {
  console.error(`${corpus} is not there: give a corpus (JSON Lines, gzipped or not) as the first argument`);
  process.exit(2);
}
const n = Number(values.sample);
const rounds = Number(values.rounds);
if (!Number.isInteger(n) || n < 10 || !Number.isInteger(rounds) || rounds < 1) {
  console.error(`--sample ${values.sample} --rounds ${values.rounds}: expected whole numbers (≥ 10, ≥ 1)`);
  process.exit(2);
}

const papers = (await spreadSample(() => openSource(corpus), n)).map((r) => ({
  title: r.title,
  abstract: r.abstract,
}));
const sixStages = () => {
  for (const p of papers) {
    const a = analyse(p.title, p.abstract);
    rank(a.phrases, a.paper);
  }
};
const sevenStages = () => {
  for (const p of papers) extract(p.title, p.abstract);
};
// warm up: the lexicon, the ranker and the tagger load on first use
sixStages();
sevenStages();
const ms = { six: 0, seven: 0 };
for (let r = 0; r < rounds; r++) {
  let started = performance.now();
  sixStages();
  ms.six += performance.now() - started;
  started = performance.now();
  sevenStages();
  ms.seven += performance.now() - started;
}
const rate = (total: number) => (rounds * papers.length * 1000) / total;
console.log(`${papers.length} papers spread over ${corpus}, ${rounds} rounds, one core`);
console.log('| stages | papers/s | ms per paper |\n| --- | ---: | ---: |');
console.log(
  `| 1–6 (clean … rank) | ${rate(ms.six).toFixed(0)} | ${(ms.six / rounds / papers.length).toFixed(2)} |`,
);
console.log(
  `| 1–7 (… uses) | ${rate(ms.seven).toFixed(0)} | ${(ms.seven / rounds / papers.length).toFixed(2)} |`,
);
console.log(`stage 7 keeps ${(ms.six / ms.seven).toFixed(2)}× the speed of stages 1–6`);
