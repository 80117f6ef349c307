import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { maskError } from 'graphql-yoga';
import { CursorMismatchError } from '../db/compile-plan.ts';
import {
  ConflictError,
  DatabaseAuthError,
  DatabaseUnavailableError,
  QueryTimeoutError,
} from '../db/errors.ts';

/** Expected failures keep a typed `extensions.code`; anything else is masked. */
export function toTypedError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  const typed = (msg: string, code: string) =>
    new GraphQLError(msg, {
      extensions: { code },
      ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
    });
  if (original instanceof GraphQLError && original.extensions?.code) return error as Error;
  // GraphQL errors raised by plugins while resolving (an id of a type that has no nodes, say) are the
  // caller's: they keep their message and get a code
  if (original instanceof GraphQLError) return typed(original.message, 'BAD_USER_INPUT');
  if (original instanceof PothosValidationError) return typed(original.message, 'BAD_USER_INPUT');
  if (original instanceof DatabaseUnavailableError || original instanceof DatabaseAuthError) {
    return typed('the graph database is unavailable; try again shortly', 'SERVICE_UNAVAILABLE');
  }
  if (original instanceof QueryTimeoutError) return typed(original.message, 'TIMEOUT');
  if (original instanceof CursorMismatchError) return typed(original.message, 'BAD_USER_INPUT');
  if (original instanceof ConflictError) return typed('the write conflicts with existing data', 'CONFLICT');
  return maskError(error, message, isDev);
}
