import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';

const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

function sources(dir: string): string[] {
  return readdirSync(path.join(PROJECT_ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(PROJECT_ROOT, dir, f));
}

/** "@scope/name/sub" → "@scope/name", "name/sub" → "name" */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Packages a file loads at run time: type-only imports are erased, so they are left out. */
function runtimePackages(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...[...text.matchAll(/^\s*(?:import|export)\s+(type\s)?[^;'"]*?\bfrom\s*'([^']+)'/gm)]
      .filter((m) => !m[1])
      .map((m) => m[2] as string),
    ...[...text.matchAll(/^\s*import\s*'([^']+)'/gm)].map((m) => m[1] as string),
    ...[...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] as string),
  ];
  return specifiers
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s))
    .map(packageOf);
}

describe('package.json', () => {
  it('declares every package the server and the ingest import as a dependency', () => {
    const imported = new Set([...sources('src'), ...sources('ingest')].flatMap(runtimePackages));
    expect(imported.size).toBeGreaterThan(10);
    expect(imported).toContain('neo4j-driver');
    // a package present only through an override or another package's dependencies can vanish on install
    const undeclared = [...imported].filter((name) => !(name in manifest.dependencies));
    expect(undeclared).toEqual([]);
  });
});
