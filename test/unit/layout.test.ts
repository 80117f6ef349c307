import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';

function sources(...dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(path.join(PROJECT_ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(dir, f)),
  );
}

describe('where things live', () => {
  it('sends every statement through src/db/executor.ts: no other file uses the driver', () => {
    const direct = sources('src', 'ingest').filter(
      (f) =>
        !['src/db/executor.ts', 'src/db/driver.ts', 'src/local-neo4j/launcher.ts'].includes(f) &&
        /\.driver\.(executeQuery|session|getServerInfo|verifyConnectivity)\(|\bsession\.(run|executeWrite|executeRead)\(/.test(
          readFileSync(path.join(PROJECT_ROOT, f), 'utf8'),
        ),
    );
    expect(direct).toEqual([]);
  });

  it('keeps input errors in src/graphql/errors.ts: no resolver builds a NOT_FOUND or BAD_USER_INPUT by hand', () => {
    const byHand = sources('src/graphql').filter(
      (f) =>
        f !== 'src/graphql/errors.ts' &&
        /code: '(NOT_FOUND|BAD_USER_INPUT)'/.test(readFileSync(path.join(PROJECT_ROOT, f), 'utf8')),
    );
    expect(byHand).toEqual([]);
  });

  it('lets the command-line error handling stand without ingest: one base class marks expected errors', () => {
    const text = readFileSync(path.join(PROJECT_ROOT, 'src/cli-errors.ts'), 'utf8');
    expect(text).not.toMatch(/from '[^']*ingest\//);
    expect(text).toContain('instanceof ExpectedError');
  });
});
