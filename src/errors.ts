/**
 * Failures a user can act on (a bad file, a missing setting, a server that is down): command-line tools
 * print their message as one line and exit non-zero, where anything else is a bug and keeps its stack.
 */
export class ExpectedError extends Error {}

/** A problem with an input file, reported as one line: `file[:line]: what is wrong`. */
export class InputError extends ExpectedError {
  override name = 'InputError';
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly line?: number,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${problem}`);
  }
}
