import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PaperWrite } from '../src/db/ingest-repo.ts';
import { InputError } from '../src/errors.ts';
import type { ImportFiles } from '../src/local-neo4j/launcher.ts';
import { parsePaper, type ShardSet, sourceLines } from './shards.ts';

/**
 * The base graph of extracted papers as neo4j-admin import CSVs: the nodes and relationships one
 * transactional write of the same papers in source order creates (ingest-repo's UPSERT_PAPERS), before
 * the derived graph.
 */

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
const text = (s: string | null | undefined) => (s === null || s === undefined ? '' : quote(s));
const list = (xs: readonly (string | number)[]) => xs.join(';');

/** A CSV file written in large chunks, waiting for the disk when it lags. */
class CsvFile {
  private readonly out: WriteStream;
  private buffer: string[] = [];
  private size = 0;
  private failed: Error | null = null;
  rows = 0;

  constructor(
    readonly file: string,
    header: string,
  ) {
    this.out = createWriteStream(file);
    // a full disk is one error for the load to report, not a crash
    this.out.on('error', (error) => {
      this.failed = new InputError(
        file,
        `cannot be written (${(error as NodeJS.ErrnoException).code ?? error.message})`,
      );
      this.out.emit('drain');
    });
    this.buffer.push(`${header}\n`);
  }

  async row(fields: string[]): Promise<void> {
    const line = `${fields.join(',')}\n`;
    this.buffer.push(line);
    this.size += line.length;
    this.rows++;
    if (this.size > 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.out.write(chunk)) await new Promise<void>((resolve) => this.out.once('drain', () => resolve()));
    if (this.failed) throw this.failed;
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) =>
      this.out.end((error?: Error | null) =>
        error || this.failed ? reject(this.failed ?? error) : resolve(),
      ),
    );
  }
}

function dateOf(value: string | null): string {
  if (value === null) return '';
  return value.length === 4 ? `${value}-01-01` : value;
}

interface PhraseRow {
  name: string;
  papers: number;
  concept: boolean;
}

export interface BaseGraph {
  files: ImportFiles;
  paperIds: string[];
  phraseKeys: string[];
  counts: { papers: number; duplicates: number; phrases: number; mentions: number; authors: number };
}

export interface CsvOptions {
  dir: string;
  extractor: string;
  runId: string;
  /** When the papers count as added and written (one time for the whole load). */
  now: string;
  onPaper?: (done: number, total: number) => void;
}

/**
 * Two passes over the extraction files: the first finds, for ids given more than once, the record that
 * wins (the last in source order, as in an ingest); the second writes the winners' rows, and the phrases,
 * authors and categories they name once each, with the name of their first mention as ingest gives it.
 */
export async function writeBaseGraph(sets: ShardSet[], options: CsvOptions): Promise<BaseGraph> {
  await mkdir(options.dir, { recursive: true });
  const winner = new Map<string, number>();
  let order = 0;
  for (const set of sets) {
    for await (const { id } of sourceLines(set)) winner.set(id, order++);
  }
  const total = winner.size;
  const file = (name: string) => path.join(options.dir, name);
  const papers = new CsvFile(
    file('papers.csv'),
    'id:ID(Paper),title,abstract,source,position:long,url,doi,hash,textVector:double[],extractor,derived:boolean,published:date,year:long,updated:date,addedAt:datetime,writtenAt:datetime',
  );
  const mentions = new CsvFile(
    file('mentions.csv'),
    ':START_ID(Paper),:END_ID(Phrase),score:double,count:long,fields:string[],starts:long[],ends:long[],name,rank:long,concept:boolean,central:boolean,extractor',
  );
  const authored = new CsvFile(file('authored.csv'), ':START_ID(Author),:END_ID(Paper),position:long');
  const inCategory = new CsvFile(file('in-category.csv'), ':START_ID(Paper),:END_ID(Category)');
  const phrases = new Map<string, PhraseRow>();
  const authors = new Map<string, string>();
  const categories = new Set<string>();
  const definitions: {
    paper: string;
    shortKey: string;
    longKey: string;
    short: string;
    initials: boolean;
  }[] = [];

  order = 0;
  let written = 0;
  let mentionCount = 0;
  for (const set of sets) {
    for await (const line of sourceLines(set)) {
      if (winner.get(line.id) !== order++) continue;
      const p = parsePaper(line);
      await papers.row([
        text(p.id),
        text(p.title),
        text(p.abstract),
        text(p.source),
        String(p.position),
        text(p.url),
        text(p.doi),
        text(p.hash),
        p.textVector ? list(p.textVector) : '',
        text(options.extractor),
        'false',
        dateOf(p.published),
        p.published === null ? '' : String(Number.parseInt(p.published.slice(0, 4), 10)),
        dateOf(p.updated),
        options.now,
        options.now,
      ]);
      // a key given twice in one paper is one relationship, set by the later mention (MERGE, then SET)
      const byKey = new Map<string, number>();
      for (const [i, m] of p.mentions.entries()) byKey.set(m.key, i);
      for (const [key, i] of byKey) {
        const m = p.mentions[i] as PaperWrite['mentions'][number];
        await mentions.row([
          text(p.id),
          text(key),
          String(m.score),
          String(m.count),
          list(m.fields),
          list(m.starts),
          list(m.ends),
          text(m.name),
          String(i + 1),
          String(m.concept),
          String(m.central),
          text(options.extractor),
        ]);
        mentionCount++;
        // a Topic when any mention of the key says concept (ingest's FOREACH runs for each)
        const concept = p.mentions.some((x) => x.key === key && x.concept);
        const known = phrases.get(key);
        if (known) {
          known.papers++;
          known.concept ||= concept;
        } else
          phrases.set(key, {
            name: p.mentions.find((x) => x.key === key)?.name ?? m.name,
            papers: 1,
            concept,
          });
      }
      for (const [i, a] of p.authors.entries()) {
        if (!authors.has(a.key)) authors.set(a.key, a.name);
        await authored.row([text(a.key), text(p.id), String(i)]);
      }
      for (const code of p.categories) {
        categories.add(code);
        await inCategory.row([text(p.id), text(code)]);
      }
      const defined = new Map<string, (typeof definitions)[number]>();
      for (const d of p.definitions) {
        defined.set(`${d.shortKey}\u0000${d.longKey}`, { paper: p.id, ...d });
      }
      definitions.push(...defined.values());
      written++;
      options.onPaper?.(written, total);
    }
  }

  const phraseFile = new CsvFile(
    file('phrases.csv'),
    'key:ID(Phrase),name,nameKey,paperCount:long,createdRun,:LABEL',
  );
  for (const [key, row] of phrases) {
    await phraseFile.row([
      text(key),
      text(row.name),
      text(row.name.toLowerCase()),
      String(row.papers),
      text(options.runId),
      row.concept ? 'Phrase;Topic' : 'Phrase',
    ]);
  }
  const authorFile = new CsvFile(file('authors.csv'), 'key:ID(Author),name');
  for (const [key, name] of authors) await authorFile.row([text(key), text(name)]);
  const categoryFile = new CsvFile(file('categories.csv'), 'code:ID(Category)');
  for (const code of categories) await categoryFile.row([text(code)]);
  // DEFINES links a long form only where some paper mentions it (ingest MATCHes the phrase)
  const defines = new CsvFile(
    file('defines.csv'),
    ':START_ID(Paper),:END_ID(Phrase),shortKey,short,initials:boolean',
  );
  for (const d of definitions) {
    if (phrases.has(d.longKey))
      await defines.row([
        text(d.paper),
        text(d.longKey),
        text(d.shortKey),
        text(d.short),
        String(d.initials),
      ]);
  }
  const all = [papers, mentions, authored, inCategory, phraseFile, authorFile, categoryFile, defines];
  await Promise.all(all.map((f) => f.close()));
  return {
    files: {
      nodes: [
        { labels: 'Paper', file: papers.file },
        { file: phraseFile.file },
        { labels: 'Author', file: authorFile.file },
        { labels: 'Category', file: categoryFile.file },
      ],
      relationships: [
        { type: 'MENTIONS', file: mentions.file },
        { type: 'AUTHORED', file: authored.file },
        { type: 'IN_CATEGORY', file: inCategory.file },
        { type: 'DEFINES', file: defines.file },
      ],
    },
    paperIds: [...winner.keys()],
    phraseKeys: [...phrases.keys()],
    counts: {
      papers: written,
      duplicates: order - written,
      phrases: phrases.size,
      mentions: mentionCount,
      authors: authors.size,
    },
  };
}
