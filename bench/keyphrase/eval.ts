import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import nlp from 'compromise';
import { keyphrases } from '../../ingest/extract.ts';
import { type GoldDocument, readDocuments } from '../../ingest/model/gold-documents.ts';
import { type AtK, average, scoreDocument } from '../../ingest/model/protocol.ts';
import { exitOnError } from '../../src/cli-errors.ts';
import { type Peer, rake, retextKeywords } from './peers.ts';

const USAGE =
  'npm run eval:keyphrase -- <file.jsonl> [--json] [--k 5,10] [--predictions out.jsonl] [--peers]';

/**
 * Scores the project's key-phrase extractor (the code ingest runs) on a JSON Lines file of
 * `{id, title, abstract, keyphrases}` under the standard protocol (protocol.ts), with its speed on one
 * core against bare compromise tagging; `--peers` adds retext-keywords and RAKE, scored by the same code.
 */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      k: { type: 'string', default: '5,10' },
      predictions: { type: 'string' },
      peers: { type: 'boolean', default: false },
    },
  });
  const file = positionals[0];
  const ks = values.k.split(',').map((s) => Number(s.trim()));
  if (!file || positionals.length > 1) usage('expected one file');
  if (ks.some((k) => !Number.isInteger(k) || k < 1 || k > 100))
    usage(`--k ${JSON.stringify(values.k)}: expected whole numbers from 1 to 100, comma-separated`);
  const docs = await readDocuments(file);
  const log = (line: string) => console.error(line);

  const ours = run(docs, { name: 'this project', predict: (d) => keyphrases(d.title, d.abstract) }, ks);
  if (values.predictions) {
    await writeFile(
      values.predictions,
      ours.predictions.map((p, i) => `${JSON.stringify({ id: docs[i]?.id, keyphrases: p })}\n`).join(''),
    );
    log(`predictions written to ${values.predictions}`);
  }
  const rows = [ours];
  if (values.peers) for (const peer of [await retextKeywords(), await rake()]) rows.push(run(docs, peer, ks));

  // speed on warm code (the scoring run above warmed the extractor; tagging warms below), best of two
  // alternating passes each, so that both see the same machine: bare compromise tagging of the same
  // texts is the reference
  const tag = (d: GoldDocument) => nlp(d.title ? `${d.title}. ${d.abstract}` : d.abstract);
  for (const d of docs.slice(0, 50)) tag(d);
  let bare = 0;
  for (let pass = 0; pass < 2; pass++) {
    ours.rate = Math.max(
      ours.rate,
      rate(docs, (d) => keyphrases(d.title, d.abstract)),
    );
    bare = Math.max(bare, rate(docs, tag));
  }

  const header = `| extractor | ${ks.map((k) => `P@${k} | R@${k} | F1@${k}`).join(' | ')} | abstracts/s (1 core) |`;
  console.log(`\n${docs.length} documents of ${file}\n`);
  console.log(header);
  console.log(`| --- | ${ks.map(() => '---: | ---: | ---:').join(' | ')} | ---: |`);
  for (const r of rows) {
    const cells = ks.map((k) => {
      const at = r.scores.get(k) as AtK;
      return `${at.p.toFixed(3)} | ${at.r.toFixed(3)} | ${at.f1.toFixed(3)}`;
    });
    console.log(`| ${r.name} | ${cells.join(' | ')} | ${r.rate.toFixed(0)} |`);
  }
  console.log(
    `\nbare compromise tagging: ${bare.toFixed(0)} abstracts/s; this project's extractor: ${ours.rate.toFixed(0)} (${(ours.rate / bare).toFixed(2)}×)`,
  );
  if (values.json) {
    const at = (k: number) => ours.scores.get(k) as AtK;
    const out: Record<string, number> = { docs: docs.length };
    for (const k of ks) {
      out[`p${k}`] = round(at(k).p);
      out[`r${k}`] = round(at(k).r);
      out[`f1_${k}`] = round(at(k).f1);
    }
    console.log(JSON.stringify(out));
  }
}

function run(docs: readonly GoldDocument[], peer: Peer, ks: readonly number[]) {
  const predictions: string[][] = [];
  let spent = 0;
  for (const d of docs) {
    const started = performance.now();
    predictions.push(peer.predict(d));
    spent += performance.now() - started;
  }
  const scores = average(
    docs.map((d, i) => scoreDocument(predictions[i] ?? [], d.keyphrases, ks)),
    ks,
  );
  return { name: peer.name, predictions, scores, rate: docs.length / (spent / 1000) };
}

/** Documents per second through `work`. */
function rate(docs: readonly GoldDocument[], work: (d: GoldDocument) => unknown): number {
  const started = performance.now();
  for (const d of docs) work(d);
  return docs.length / ((performance.now() - started) / 1000);
}

function usage(problem: string): never {
  console.error(`error: ${problem}\nusage: ${USAGE}`);
  process.exit(2);
}

function round(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}

main().catch(exitOnError);
