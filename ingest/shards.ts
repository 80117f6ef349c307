import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { createGunzip, gzip } from 'node:zlib';
import type { PaperWrite } from '../src/db/ingest-repo.ts';
import type { RecordProblem } from '../src/domain/record.ts';
import { InputError } from '../src/errors.ts';

/**
 * Extraction files: what `ingest extract` writes and `ingest load` reads. A shard i/n holds every n-th
 * record of a source (its i-th, n+i-th, …), written as gzip JSON Lines parts of PaperWrite, one paper a
 * line, and a manifest that lists the finished parts: a part is renamed into place, then the manifest, so
 * a killed run resumes after its last listed part.
 */
const gzipAsync = promisify(gzip);

export const FORMAT = 'paper-topic-graph/extraction-1';

export interface ShardSpec {
  index: number;
  count: number;
}

export interface PartEntry {
  file: string;
  /** Source items of this shard the part covers (records and unreadable lines). */
  items: number;
  papers: number;
  skipped: number;
}

export interface Manifest {
  format: typeof FORMAT;
  source: string;
  /** Bytes of the source file, so that resuming on another file of the same name is refused. */
  sourceBytes: number | null;
  shard: ShardSpec;
  limit: number | null;
  extractor: string;
  parts: PartEntry[];
  done: boolean;
  problems: RecordProblem[];
}

export function parseShard(text: string): ShardSpec {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > 10_000 || index >= count) {
    throw new InputError('--shard', `"${text}" is not i/n with 0 <= i < n <= 10000 (e.g. 0/4)`);
  }
  return { index, count };
}

export const shardName = (source: string, shard: ShardSpec) =>
  `${path.basename(source === '-' ? 'stdin' : source).replace(/\.(jsonl?|xml|atom|txt)(\.gz)?$/i, '')}.shard-${shard.index}of${shard.count}`;

const manifestPath = (dir: string, name: string) => path.join(dir, `${name}.manifest.json`);

export async function readManifest(file: string): Promise<Manifest> {
  let parsed: Manifest;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as Manifest;
  } catch (error) {
    throw new InputError(file, `is no extraction manifest (${(error as Error).message.split('\n')[0]})`);
  }
  const shaped =
    parsed !== null &&
    typeof parsed === 'object' &&
    parsed.format === FORMAT &&
    Array.isArray(parsed.parts) &&
    Array.isArray(parsed.problems) &&
    Number.isInteger(parsed.shard?.index) &&
    Number.isInteger(parsed.shard?.count) &&
    typeof parsed.source === 'string' &&
    typeof parsed.extractor === 'string';
  if (!shaped) throw new InputError(file, `is no extraction manifest of ${FORMAT}`);
  return parsed;
}

async function saveManifest(dir: string, name: string, manifest: Manifest): Promise<void> {
  const file = manifestPath(dir, name);
  await writeFile(`${file}.tmp`, `${JSON.stringify(manifest, null, 1)}\n`);
  await rename(`${file}.tmp`, file);
}

/** A line of a part as the paper it holds; a line that is none names its file. */
export function parsePaper(line: ShardLine): PaperWrite {
  try {
    const paper = JSON.parse(line.line) as PaperWrite;
    if (typeof paper.title === 'string' && Array.isArray(paper.mentions) && Array.isArray(paper.authors))
      return paper;
  } catch {
    // reported below
  }
  throw new InputError(line.file, `holds a line that is no extracted paper (id ${JSON.stringify(line.id)})`);
}

/** Serialised with id and position first, so a reader can find duplicates without parsing the line. */
export function paperLine(p: PaperWrite): string {
  const { id, position, ...rest } = p;
  return JSON.stringify({ id, position, ...rest });
}

const HEAD = /^\{"id":("(?:[^"\\]|\\.)*"),"position":(\d+)/;

export function lineHead(line: string): { id: string; position: number } | null {
  const match = HEAD.exec(line);
  if (!match) return null;
  return { id: JSON.parse(match[1] as string) as string, position: Number(match[2]) };
}

export interface ShardWriter {
  manifest: Manifest;
  /** Source items already written by an earlier run: skip that many of this shard's items. */
  resumeAfter: number;
  writePart(papers: PaperWrite[], items: number, problems: RecordProblem[]): Promise<void>;
  finish(): Promise<void>;
}

/** Opens a shard's output, resuming after the parts an earlier run finished; refuses another run's folder. */
export async function openShard(
  dir: string,
  init: Omit<Manifest, 'format' | 'parts' | 'done' | 'problems'>,
): Promise<ShardWriter> {
  try {
    await mkdir(dir, { recursive: true });
    if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      dir,
      code === 'EEXIST' || code === 'ENOTDIR' ? 'is a file, not a folder' : `cannot be made (${code})`,
    );
  }
  const name = shardName(init.source, init.shard);
  const file = manifestPath(dir, name);
  let manifest: Manifest = { format: FORMAT, ...init, parts: [], done: false, problems: [] };
  if (existsSync(file)) {
    const before = await readManifest(file);
    const differs = (['source', 'sourceBytes', 'limit', 'extractor'] as const).find((k) =>
      k === 'source'
        ? path.basename(before.source) !== path.basename(init.source)
        : before[k] !== manifest[k],
    );
    if (differs) {
      throw new InputError(
        file,
        `holds shard ${init.shard.index}/${init.shard.count} of another run (its ${differs} is ${JSON.stringify(before[differs])}, this run's ${JSON.stringify(manifest[differs])}); give another --out or delete it`,
      );
    }
    manifest = before;
  }
  const resumeAfter = manifest.parts.reduce((n, p) => n + p.items, 0);
  return {
    manifest,
    resumeAfter,
    async writePart(papers, items, problems) {
      const part = `${name}.part-${String(manifest.parts.length).padStart(5, '0')}.jsonl.gz`;
      const target = path.join(dir, part);
      // a part is a few MB: compressed whole and written at once, so a full disk is one error, never a hang
      const body = await gzipAsync(papers.map((p) => `${paperLine(p)}\n`).join(''), { level: 4 });
      try {
        await writeFile(`${target}.tmp`, body);
        await rename(`${target}.tmp`, target);
      } catch (error) {
        await rm(`${target}.tmp`, { force: true });
        throw new InputError(
          target,
          `cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        );
      }
      manifest.parts.push({ file: part, items, papers: papers.length, skipped: problems.length });
      manifest.problems.push(...problems.slice(0, Math.max(0, 1000 - manifest.problems.length)));
      await saveManifest(dir, name, manifest);
    },
    async finish() {
      manifest.done = true;
      await saveManifest(dir, name, manifest);
    },
  };
}

export interface ShardSet {
  source: string;
  count: number;
  manifests: { dir: string; manifest: Manifest }[];
}

/**
 * Every finished shard in these folders, grouped by source; refuses unfinished or missing shards and
 * extraction by another extractor version, naming what to do.
 */
export async function findShards(dirs: string[], extractor: string): Promise<ShardSet[]> {
  const sets = new Map<string, ShardSet>();
  for (const dir of dirs) {
    let names: string[];
    try {
      if (!(await stat(dir)).isDirectory()) throw new InputError(dir, 'is not a folder of extraction files');
      names = (await readdir(dir)).filter((n) => n.endsWith('.manifest.json')).sort();
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(dir, 'no such folder');
    }
    if (names.length === 0) {
      throw new InputError(
        dir,
        'holds no extraction manifest (*.manifest.json from npm run ingest -- extract)',
      );
    }
    for (const name of names) {
      const file = path.join(dir, name);
      const manifest = await readManifest(file);
      if (!manifest.done) {
        throw new InputError(file, 'is unfinished: run the same extract command again to resume it');
      }
      if (manifest.extractor !== extractor) {
        throw new InputError(
          file,
          `was extracted by ${manifest.extractor}, this version is ${extractor}: extract the source again`,
        );
      }
      // the same file may sit at another path on each machine that extracted a shard of it
      const key = `${path.basename(manifest.source)}\u0000${manifest.sourceBytes}\u0000${manifest.limit}`;
      const set = sets.get(key) ?? { source: manifest.source, count: manifest.shard.count, manifests: [] };
      if (set.count !== manifest.shard.count) {
        throw new InputError(
          file,
          `is shard ${manifest.shard.index}/${manifest.shard.count} of ${manifest.source}, whose other shards are of ${set.count}`,
        );
      }
      if (set.manifests.some((m) => m.manifest.shard.index === manifest.shard.index)) {
        throw new InputError(
          file,
          `shard ${manifest.shard.index}/${set.count} of ${manifest.source} is given twice`,
        );
      }
      set.manifests.push({ dir, manifest });
      sets.set(key, set);
    }
  }
  for (const set of sets.values()) {
    const have = new Set(set.manifests.map((m) => m.manifest.shard.index));
    const missing = Array.from({ length: set.count }, (_, i) => i).filter((i) => !have.has(i));
    if (missing.length > 0) {
      throw new InputError(
        set.source,
        `shard${missing.length > 1 ? 's' : ''} ${missing
          .slice(0, 5)
          .map((i) => `${i}/${set.count}`)
          .join(
            ', ',
          )}${missing.length > 5 ? ', …' : ''} missing: copy ${missing.length > 1 ? 'their' : 'its'} files beside the others`,
      );
    }
    set.manifests.sort((a, b) => a.manifest.shard.index - b.manifest.shard.index);
  }
  return [...sets.values()];
}

/** The lines of one part, unparsed, streamed: many shards merged at once hold a little of each. */
export async function* partLines(dir: string, part: PartEntry): AsyncGenerator<string> {
  const file = path.join(dir, part.file);
  if (!existsSync(file)) throw new InputError(file, 'is listed in its manifest but missing');
  const input = createReadStream(file);
  const gunzip = createGunzip();
  input.once('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  let carry = '';
  try {
    for await (const chunk of gunzip) {
      const lines = (carry + (chunk as Buffer).toString('utf8')).split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) if (line !== '') yield line;
    }
  } catch (error) {
    throw new InputError(file, `cannot be read (${(error as Error).message.split('\n')[0]})`);
  } finally {
    input.destroy();
  }
  if (carry !== '') yield carry;
}

export interface ShardLine {
  line: string;
  /** The part file it came from, for errors. */
  file: string;
  id: string;
  position: number;
}

/**
 * A source's papers in its own order, whatever shards hold them: each shard's lines come in source order,
 * so merging them by position gives the order an ingest of the whole source would write them in.
 */
export async function* sourceLines(set: ShardSet): AsyncGenerator<ShardLine> {
  const streams = set.manifests.map(({ dir, manifest }) =>
    (async function* () {
      for (const part of manifest.parts) {
        for await (const line of partLines(dir, part)) {
          const head = lineHead(line);
          if (!head)
            throw new InputError(path.join(dir, part.file), 'holds a line that is no extracted paper');
          yield { line, file: path.join(dir, part.file), ...head };
        }
      }
    })(),
  );
  const heads = await Promise.all(streams.map((s) => s.next()));
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i] as IteratorResult<ShardLine>;
      if (head.done) continue;
      if (best < 0 || head.value.position < (heads[best] as IteratorYieldResult<ShardLine>).value.position)
        best = i;
    }
    if (best < 0) return;
    yield (heads[best] as IteratorYieldResult<ShardLine>).value;
    heads[best] = await (streams[best] as AsyncGenerator<ShardLine>).next();
  }
}
