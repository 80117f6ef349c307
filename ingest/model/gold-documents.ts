import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { InputError } from '../../src/errors.ts';

export interface GoldDocument {
  id: string;
  title: string;
  abstract: string;
  keyphrases: string[];
}

/** `{id, title, abstract, keyphrases}` per line (gzip or not); a malformed line stops the run, named. */
export async function readDocuments(file: string): Promise<GoldDocument[]> {
  const input = createReadStream(file);
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (e: NodeJS.ErrnoException) =>
      reject(new InputError(file, `cannot read it (${e.code ?? e.message})`)),
    );
  });
  await opened;
  const lines = createInterface({ input: file.endsWith('.gz') ? input.pipe(createGunzip()) : input });
  const docs: GoldDocument[] = [];
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InputError(file, 'not JSON', n);
    }
    const d = value as Partial<Record<keyof GoldDocument, unknown>>;
    const bad = (problem: string) => new InputError(file, problem, n);
    if (typeof d !== 'object' || d === null || Array.isArray(d)) throw bad('not an object');
    if (typeof d.abstract !== 'string') throw bad('"abstract" must be a string');
    if (d.title !== undefined && d.title !== null && typeof d.title !== 'string')
      throw bad('"title" must be a string');
    if (!Array.isArray(d.keyphrases) || !d.keyphrases.every((k) => typeof k === 'string'))
      throw bad('"keyphrases" must be a list of strings');
    const id = typeof d.id === 'string' || typeof d.id === 'number' ? String(d.id) : String(n);
    docs.push({
      id,
      title: (d.title as string | undefined) ?? '',
      abstract: d.abstract,
      keyphrases: d.keyphrases,
    });
  }
  if (docs.length === 0) throw new InputError(file, 'no documents');
  return docs;
}
