import { Neo4jError } from 'neo4j-driver';
import { ExpectedError } from '../errors.ts';

/** Domain errors the API and CLIs understand; every Neo4j error code is mapped here and nowhere else. */
export class DatabaseUnavailableError extends ExpectedError {
  override name = 'DatabaseUnavailableError';
}
export class DatabaseAuthError extends ExpectedError {
  override name = 'DatabaseAuthError';
}
export class ConflictError extends Error {
  override name = 'ConflictError';
}
export class QueryTimeoutError extends Error {
  override name = 'QueryTimeoutError';
}

const UNAVAILABLE = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
]);

/**
 * Lock conflicts and other transient failures of a transaction (DeadlockDetected, a lock wait that timed
 * out): the same work succeeds when tried again. An unreachable server is not one of them.
 */
export function isTransientConflict(error: unknown): boolean {
  if (!(error instanceof Neo4jError)) return false;
  return (
    error.code.startsWith('Neo.TransientError.') &&
    !UNAVAILABLE.has(error.code) &&
    !error.code.startsWith('Neo.TransientError.Cluster')
  );
}

export function translateError(error: unknown, target: string): Error {
  if (!(error instanceof Neo4jError)) return error instanceof Error ? error : new Error(String(error));
  const code = error.code;
  if (UNAVAILABLE.has(code) || code.startsWith('Neo.TransientError.Cluster')) {
    return new DatabaseUnavailableError(`Neo4j at ${target} is unavailable: ${firstLine(error.message)}`);
  }
  if (
    code === 'Neo.ClientError.Security.Unauthorized' ||
    code === 'Neo.ClientError.Security.AuthenticationRateLimit'
  ) {
    return new DatabaseAuthError(
      `Neo4j at ${target} refused the credentials (check NEO4J_USER and NEO4J_PASSWORD)`,
    );
  }
  if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
    return new ConflictError(firstLine(error.message));
  }
  if (
    code === 'Neo.ClientError.Transaction.TransactionTimedOut' ||
    code.endsWith('TransactionTimedOutClientConfiguration')
  ) {
    return new QueryTimeoutError('the query took too long and was cancelled');
  }
  if (code === 'Neo.ClientError.Database.DatabaseNotFound') {
    return new DatabaseUnavailableError(
      `Neo4j at ${target} has no such database: ${firstLine(error.message)}`,
    );
  }
  return error;
}

const firstLine = (message: string) => message.split('\n')[0]?.trim() ?? message;
