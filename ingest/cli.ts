import { parseArgs } from 'node:util';
import { exitOnError } from '../src/cli-errors.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { graphCounts } from '../src/db/writes.ts';
import { InputError } from './errors.ts';
import { ingestRecords, toWrite } from './pipeline.ts';
import { readSeedText } from './sources/seed-text.ts';

const USAGE = 'usage: npm run ingest -- <file> [<file> …] [--dry-run] [--batch-size N]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      'batch-size': { type: 'string', default: '200' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length === 0) throw new InputError('(arguments)', `no input file given; ${USAGE}`);
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new InputError('--batch-size', `${values['batch-size']} is not an integer between 1 and 10000`);
  }
  if (values['dry-run']) {
    for (const file of positionals) {
      const papers = (await readSeedText(file)).map(toWrite);
      const topics = new Set(papers.flatMap((p) => p.mentions.map((m) => m.key)));
      console.log(
        `${file}: read ${papers.length}, ${topics.size} distinct topics (dry run: nothing written)`,
      );
    }
    return;
  }
  // Every file is read and checked before the first write, so a bad file anywhere writes nothing.
  const inputs = [];
  for (const file of positionals) inputs.push({ file, records: await readSeedText(file) });
  const db = await openDatabase(loadConfig(), (line) => console.error(line));
  try {
    for (const { file, records } of inputs) {
      const s = await ingestRecords(db, file, records, { batchSize });
      console.log(`${file}: read ${s.read}, written ${s.written}, topics created ${s.topicsCreated}`);
    }
    const counts = await graphCounts(db);
    console.log(`graph: ${counts.papers} papers, ${counts.topics} topics, ${counts.mentions} mentions`);
  } finally {
    await db.close();
  }
}

main().catch(exitOnError);
