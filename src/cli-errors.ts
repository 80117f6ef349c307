import { accessSync, constants, statSync } from 'node:fs';
import { ExpectedError, InputError } from './errors.ts';

/** Expected failures print one line and exit non-zero; anything else is a bug and keeps its stack. */
export function exitOnError(error: unknown): never {
  if (error instanceof ExpectedError) {
    console.error(`error: ${(error as Error).message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
}

/** A data file a script reads: when it is not there, one line names it and says how to give another. */
export function requireFile(file: string, hint: string): string {
  let problem: string | undefined;
  try {
    accessSync(file, constants.R_OK);
    if (statSync(file).isDirectory()) problem = 'is a folder, not a file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problem = code === 'ENOENT' ? 'no such file' : `cannot read it (${code})`;
  }
  if (problem) exitOnError(new InputError(file, `${problem}; ${hint}`));
  return file;
}
