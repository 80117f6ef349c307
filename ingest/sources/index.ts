import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { SourceItem } from '../../src/domain/record.ts';
import { InputError } from '../../src/errors.ts';
import { parseArxivAtom } from './arxiv-atom.ts';
import { readJsonl } from './jsonl.ts';
import { parseSeedText } from './seed-text.ts';

export const FORMATS = ['auto', 'seed', 'jsonl', 'arxiv-atom'] as const;
export type Format = (typeof FORMATS)[number];

const GZIP = [0x1f, 0x8b];

function unreadable(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  return new InputError(
    file,
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'is a folder, not a file'
        : `cannot read (${code})`,
  );
}

async function head(file: string): Promise<Buffer> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw unreadable(file, error);
  }
  try {
    const buffer = Buffer.alloc(512);
    // a folder opens on Linux; reading it is what fails
    const { bytesRead } = await handle.read(buffer, 0, 512, 0);
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    throw unreadable(file, error);
  } finally {
    await handle.close();
  }
}

/** The first `n` bytes of a stream that cannot be read twice (stdin), and the whole stream again. */
async function peek(stream: Readable, n: number): Promise<{ first: Buffer; all: Readable }> {
  const chunks = stream[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < n) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    seen.push(next.value as Buffer);
    size += (next.value as Buffer).length;
  }
  const start = Buffer.concat(seen);
  async function* replay() {
    yield start;
    if (ended) return;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value as Buffer;
  }
  return { first: start.subarray(0, n), all: Readable.from(replay(), { objectMode: false }) };
}

/** Guesses a format from the first bytes: gzip or `{` → JSON Lines, `<` → Atom XML, else the seed page text. */
export function sniff(bytes: Buffer, name: string): Exclude<Format, 'auto'> {
  if (bytes[0] === GZIP[0] && bytes[1] === GZIP[1]) return 'jsonl';
  if (/\.jsonl?(\.gz)?$/i.test(name)) return 'jsonl';
  if (/\.(xml|atom)$/i.test(name)) return 'arxiv-atom';
  const start = bytes
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (start.startsWith('{')) return 'jsonl';
  if (start.startsWith('<')) return 'arxiv-atom';
  return 'seed';
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function decompressIfGzip(stream: Readable, first: Buffer): Readable {
  return first[0] === GZIP[0] && first[1] === GZIP[1] ? stream.pipe(createGunzip()) : stream;
}

/** How far through its input a source is, for progress and ETA. */
export interface Meter {
  read: number;
  total?: number;
}

/** Opens a file (or `-` for standard input) as a stream of records and per-record problems. */
export async function* openSource(
  path: string,
  format: Format = 'auto',
  meter?: Meter,
): AsyncGenerator<SourceItem> {
  const name = path === '-' ? '(stdin)' : path;
  let stream: Readable;
  let first: Buffer;
  if (path === '-') {
    ({ first, all: stream } = await peek(process.stdin, 512));
  } else {
    first = await head(path);
    stream = createReadStream(path);
    if (meter) {
      meter.total = (await stat(path)).size;
      stream.on('data', (chunk) => {
        meter.read += chunk.length;
      });
    }
  }
  if (first.length === 0) throw new InputError(name, 'file is empty');
  const kind = format === 'auto' ? sniff(first, name) : format;
  const input = decompressIfGzip(stream, first);
  input.on('error', () => {});
  try {
    if (kind === 'jsonl') {
      yield* readJsonl(input, name);
      return;
    }
    const bytes = await readAll(input);
    if (kind === 'seed') {
      for (const record of parseSeedText(bytes, name)) yield { record };
      return;
    }
    let xml: string;
    try {
      xml = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new InputError(name, 'is not valid UTF-8 text');
    }
    yield* parseArxivAtom(xml, name).items;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'Z_DATA_ERROR') {
      throw new InputError(name, 'is not valid gzip data');
    }
    throw error;
  }
}
