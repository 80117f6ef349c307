import { describe, expect, it } from 'vitest';
import { parseSeedText, readSeedText } from '../../ingest/sources/seed-text.ts';
import { InputError } from '../../src/errors.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const HEAD =
  'Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\n';

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('seed text source', () => {
  it('reads the 37 seed papers, with the page chrome stripped from the first title', async () => {
    const records = await readSeedText('seeds/trending-papers.txt');
    expect(records).toHaveLength(37);
    expect(records[0]?.title).toBe('Exploring Efficient-tuning Methods in Self-supervised Speech Models');
    expect(records[0]?.abstract.startsWith('In this study, we aim to explore efficient tuning methods')).toBe(
      true,
    );
    expect(records[0]?.line).toBe(3);
    expect(records[1]?.title).toBe('Hidden symmetries of ReLU networks');
    expect(records.map((r) => r.position)).toEqual([...Array(37).keys()]);
    expect(new Set(records.map((r) => r.id)).size).toBe(37);
    expect(records.some((r) => r.title.includes('μ'))).toBe(true);
  });

  it('gives the same id to titles that differ only in case and punctuation', () => {
    const a = parseSeedText(enc(`${HEAD}Deep Nets: A Survey\nAbstract one.`), 'a.txt');
    const b = parseSeedText(enc(`deep nets - a survey\nAbstract two.\n`), 'b.txt');
    expect(a[0]?.id).toBe(b[0]?.id);
  });

  it('accepts a trailing newline and CRLF line ends', () => {
    expect(parseSeedText(enc(`${HEAD}T1\r\nA1\r\nT2\r\nA2\r\n`), 'f.txt').map((r) => r.title)).toEqual([
      'T1',
      'T2',
    ]);
  });

  it('does not strip "Subscribe" from a real title word', () => {
    expect(parseSeedText(enc('Subscribers and churn\nAn abstract.'), 'f.txt')[0]?.title).toBe(
      'Subscribers and churn',
    );
  });

  it.each([
    ['an empty file', new Uint8Array(), 'empty.txt: file is empty'],
    ['only boilerplate', enc(HEAD), 'f.txt: has no papers (only page boilerplate)'],
    ['an odd number of lines', enc(`${HEAD}T1\nA1\nT2`), 'f.txt:5: odd number of title/abstract lines (3)'],
    [
      'a blank line',
      enc(`${HEAD}T1\n\nT2\nA2`),
      'f.txt:4: blank line where a title or abstract was expected',
    ],
    [
      'invalid UTF-8',
      new Uint8Array([...enc(`${HEAD}T1\n`), 0xff, 0xfe, 0x0a]),
      'f.txt:4: is not valid UTF-8',
    ],
    [
      'binary junk',
      new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]),
      'f.txt:1: contains control',
    ],
    ['a repeated title', enc('T1\nA1\nT1\nA2'), 'f.txt:3: the same title appears twice (first on line 1)'],
  ])('rejects %s with a one-line error naming file and line', (_name, bytes, message) => {
    const file = message.split(':')[0] as string;
    const error = errorOf(() => parseSeedText(bytes, file));
    expect(error.message.startsWith(message)).toBe(true);
    expect(error.message).not.toContain('\n');
  });

  it('names a missing file', async () => {
    await expect(readSeedText('seeds/no-such-file.txt')).rejects.toThrow(
      'seeds/no-such-file.txt: no such file',
    );
  });
});
