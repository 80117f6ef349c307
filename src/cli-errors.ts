import { InputError } from '../ingest/errors.ts';
import { ConfigError } from './config.ts';
import { DatabaseAuthError, DatabaseUnavailableError } from './db/errors.ts';
import { LocalNeo4jError } from './db/local-neo4j.ts';

const EXPECTED = [InputError, ConfigError, DatabaseAuthError, DatabaseUnavailableError, LocalNeo4jError];

/** Expected failures print one line and exit non-zero; anything else is a bug and keeps its stack. */
export function exitOnError(error: unknown): never {
  if (EXPECTED.some((kind) => error instanceof kind)) {
    console.error(`error: ${(error as Error).message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
}
