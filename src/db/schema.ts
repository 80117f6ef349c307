import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import type { Database } from './driver.ts';
import { readRecords, write } from './executor.ts';

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

/**
 * Applies schema/constraints.cypher and waits until every index is online; `onProgress` hears of each
 * statement, then of the indexes' population (percent, averaged) while they fill.
 */
export async function applyConstraints(
  db: Database,
  onProgress?: (done: number, total: number, detail: string) => void,
): Promise<number> {
  const statements = parseStatements(await readFile(CONSTRAINTS_FILE, 'utf8'));
  for (const [i, statement] of statements.entries()) {
    await write(db, statement);
    onProgress?.(i + 1, statements.length, 'constraints and indexes');
  }
  let waiting = true;
  const poll = (async () => {
    while (onProgress && waiting) {
      const rows = await readRecords(
        db,
        'SHOW INDEXES YIELD populationPercent RETURN avg(populationPercent) AS p',
      );
      onProgress(Math.floor(Number(rows[0]?.get('p') ?? 100)), 100, 'indexes populating (%)');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })().catch(() => {});
  try {
    await write(db, 'CALL db.awaitIndexes(900)');
  } finally {
    waiting = false;
    await poll;
  }
  return statements.length;
}
