import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface Bundle {
  code: string;
  etag: string;
}

const ENTRY = fileURLToPath(new URL('./client/main.ts', import.meta.url));

let pending: Promise<Bundle> | null = null;

/** The explorer's browser code (sigma, graphology and the page's own modules) in one minified file, built once. */
export function explorerBundle(): Promise<Bundle> {
  pending ??= build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  }).then((result) => {
    const code = result.outputFiles[0]?.text ?? '';
    return { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 22)}"` };
  });
  pending.catch(() => {
    pending = null;
  });
  return pending;
}
