import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import type { Database } from './driver.ts';
import { write } from './executor.ts';

export const CONSTRAINTS_FILE = path.join(PROJECT_ROOT, 'schema/constraints.cypher');

export function parseStatements(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Applies schema/constraints.cypher and waits until every index is online. */
export async function applyConstraints(db: Database): Promise<number> {
  const statements = parseStatements(await readFile(CONSTRAINTS_FILE, 'utf8'));
  for (const statement of statements) await write(db, statement);
  await write(db, 'CALL db.awaitIndexes(300)');
  return statements.length;
}
