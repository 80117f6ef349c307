import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
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

  it('keys a typed name without loading the tagger, until a plural needs compromise’s inflection', () => {
    const script = path.join(mkdtempSync(path.join(tmpdir(), 'keys-')), 'lazy.mjs');
    writeFileSync(
      script,
      `import { createRequire } from 'node:module';
       const { canonicalKeys } = await import(process.argv[2]);
       const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('compromise'));
       const rules = canonicalKeys('Graph Analysis');
       const before = loaded();
       const inflected = canonicalKeys('Neural Networks');
       console.log(JSON.stringify({ rules, before, inflected, after: loaded() }));`,
    );
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', script, path.join(PROJECT_ROOT, 'src/domain/keys.ts')],
      {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(out)).toEqual({
      rules: ['graph analysis'],
      before: false,
      inflected: ['neural network'],
      after: true,
    });
  });

  it('starts the API server without the tagger or the ingest stages: they load with the first ingest', async () => {
    // static imports only: what a dynamic import() reaches loads when that code runs
    const lazy = {
      name: 'lazy',
      setup(b: {
        onResolve(o: { filter: RegExp }, f: (a: { kind: string; path: string }) => unknown): void;
      }) {
        b.onResolve({ filter: /.*/ }, (a) =>
          a.kind === 'dynamic-import' ? { path: a.path, external: true } : undefined,
        );
      },
    };
    const result = await build({
      entryPoints: [path.join(PROJECT_ROOT, 'src/main.ts')],
      absWorkingDir: PROJECT_ROOT,
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
      plugins: [lazy as never],
    });
    const inputs = Object.values(result.metafile.inputs);
    const packages = inputs.flatMap((i) =>
      i.imports.filter((x) => x.external && x.kind !== 'dynamic-import').map((x) => x.path),
    );
    expect(packages.filter((p) => p.startsWith('compromise'))).toEqual([]);
    expect(Object.keys(result.metafile.inputs).filter((f) => f.startsWith('ingest/'))).toEqual([]);
    expect(Object.keys(result.metafile.inputs)).toContain('src/domain/keys.ts');
    expect(Object.keys(result.metafile.inputs)).toContain('src/graphql/types/mutations.ts');
  });
});
