import { rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { exitOnError } from '../cli-errors.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import { InputError } from '../errors.ts';
import { EXPORT_FORMATS, type ExportFormat, exportTopicGraph } from './export.ts';

/** npm run export -- --format gexf|graphml|json [--min-papers N] [--out file] */
const program = new Command()
  .name('npm run export --')
  .description('write the topic co-occurrence graph for Gephi (gexf), NetworkX/Cytoscape (graphml) or JSON')
  .requiredOption('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`, (v) => {
    if (!EXPORT_FORMATS.includes(v as ExportFormat)) {
      throw new InvalidArgumentError(`must be one of ${EXPORT_FORMATS.join(', ')}`);
    }
    return v as ExportFormat;
  })
  .option(
    '--min-papers <n>',
    'only topics of at least this many papers',
    (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
      return n;
    },
    2,
  )
  .option('--out <file>', 'write here instead of standard output')
  .parse();

/** Before reading the graph: the folder must exist and `out` must not be one. */
async function checkWritable(out: string): Promise<void> {
  const folder = path.dirname(path.resolve(out));
  const found = await stat(folder).catch(() => null);
  if (!found?.isDirectory()) throw new InputError(out, `cannot write it: no folder ${folder}`);
  if ((await stat(out).catch(() => null))?.isDirectory()) {
    throw new InputError(out, 'cannot write it: is a folder');
  }
}

/** Written beside the target and renamed over it, so that a failed write leaves no half file. */
async function writeWhole(out: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, text);
    await rename(temporary, out);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new InputError(out, `cannot write it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

async function main(): Promise<void> {
  const { format, minPapers, out } = program.opts<{
    format: ExportFormat;
    minPapers: number;
    out?: string;
  }>();
  if (out) await checkWritable(out);
  const db = await openDatabase(loadConfig(), (line) => console.error(line));
  try {
    const text = await exportTopicGraph(db, format, minPapers);
    if (out) {
      await writeWhole(out, text);
      console.error(`wrote ${out} (${text.length} bytes)`);
    } else {
      process.stdout.write(text);
    }
  } finally {
    await db.close();
  }
}

main().catch(exitOnError);
