import { readFile } from 'node:fs/promises';
import { stableId } from '../../src/domain/identity.ts';
import type { PaperRecord } from '../../src/domain/record.ts';
import { InputError } from '../../src/errors.ts';

const BOILERPLATE = /^Get trending papers\b/;
const PAGE_CHROME = /^Subscribe(?=\p{Lu})/u;
const MAX_TITLE_LENGTH = 1000;

/**
 * The captured "trending papers" page: boilerplate lines, then a title line and an abstract line per
 * paper. The whole file is validated before anything is yielded, so a bad file writes nothing.
 */
export async function readSeedText(file: string): Promise<PaperRecord[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? 'error'})`);
  }
  return parseSeedText(bytes, file);
}

export function parseSeedText(bytes: Uint8Array, file: string): PaperRecord[] {
  if (bytes.length === 0) throw new InputError(file, 'file is empty');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const line = lineOfFirstInvalidByte(bytes);
    throw new InputError(file, 'is not valid UTF-8 text (binary data?)', line);
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const control = lines.findIndex(hasControlCharacter);
  if (control !== -1) throw new InputError(file, 'contains control characters (binary data?)', control + 1);

  let first = 0;
  while (first < lines.length && BOILERPLATE.test(lines[first] ?? '')) first++;
  const body = lines.slice(first);
  if (body.every((l) => l.trim() === '')) throw new InputError(file, 'has no papers (only page boilerplate)');
  const blank = body.findIndex((l) => l.trim() === '');
  if (blank !== -1)
    throw new InputError(file, 'blank line where a title or abstract was expected', first + blank + 1);
  if (body.length % 2 !== 0) {
    throw new InputError(
      file,
      `odd number of title/abstract lines (${body.length}): the title on the last line has no abstract`,
      lines.length,
    );
  }

  const records: PaperRecord[] = [];
  for (let i = 0; i < body.length; i += 2) {
    const lineNo = first + i + 1;
    const title = (i === 0 ? (body[i] ?? '').replace(PAGE_CHROME, '') : (body[i] ?? '')).trim();
    const abstract = (body[i + 1] ?? '').trim();
    if (title.length > MAX_TITLE_LENGTH) {
      throw new InputError(file, `title is ${title.length} characters long: lines out of step?`, lineNo);
    }
    records.push({
      id: stableId(title),
      title,
      abstract,
      published: null,
      updated: null,
      authors: [],
      categories: [],
      url: null,
      doi: null,
      source: file,
      line: lineNo,
      position: i / 2,
    });
  }
  const seen = new Map<string, number>();
  for (const r of records) {
    const earlier = seen.get(r.id);
    if (earlier !== undefined) {
      throw new InputError(file, `the same title appears twice (first on line ${earlier})`, r.line);
    }
    seen.set(r.id, r.line);
  }
  return records;
}

/** Text files hold tabs and line breaks, never NUL, bell or escape: those mark binary data. */
function hasControlCharacter(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

function lineOfFirstInvalidByte(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}
