import { existsSync } from 'node:fs';
import { exitOnError } from '../src/cli-errors.ts';

/** A bench's command line was wrong: one line and the usage, no stack trace. */
export class UsageError extends Error {}

/** The corpus file, sample size and seed the corpus benches share, checked. */
export function corpusSampleArgs(
  positionals: string[],
  values: { sample?: string; seed?: string },
  usage: string,
): { corpus: string; n: number; seed: number } {
  const fail = (message: string) => new UsageError(`${message}\nusage: ${usage}`);
  const corpus = positionals[0];
  if (!corpus || positionals.length > 1) throw fail('expected one corpus file');
  if (!existsSync(corpus)) throw fail(`${corpus}: no such file (the corpora live in ../shared/corpus/)`);
  const n = Number(values.sample);
  if (!Number.isInteger(n) || n < 10) throw fail(`--sample ${values.sample}: expected a whole number ≥ 10`);
  return { corpus, n, seed: Number(values.seed) };
}

/** Runs a bench's main: a usage error is one line, anything else goes through the CLI error handling. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error) => {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}`);
      process.exit(1);
    }
    exitOnError(error);
  });
}
