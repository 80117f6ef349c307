import { createWriteStream } from 'node:fs';
import { addDocument, corpusDocuments, type TermCounts } from './corpus-terms.ts';

// tsx ingest/model/terms-shard.ts <corpus> <shard> <shards> <heldOutModulo> <out>
const [file, shard, shards, modulo, out] = process.argv.slice(2) as [string, string, string, string, string];
const terms = new Map<string, TermCounts>();
let n = 0;
const started = Date.now();
for await (const doc of corpusDocuments(
  file,
  Number(shard),
  Number(shards),
  (i) => i % Number(modulo) === 0,
)) {
  addDocument(terms, doc);
  n++;
  if (n % 2000 === 0)
    console.error(
      `${file} ${shard}/${shards}: ${n} docs, ${terms.size} keys, ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
}
const w = createWriteStream(out);
w.write(`${JSON.stringify({ docs: n })}\n`);
for (const [k, t] of terms) if (t.df >= 2) w.write(`${JSON.stringify([k, t])}\n`);
w.end();
console.error(`done ${n} docs, ${terms.size} keys`);
