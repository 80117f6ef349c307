import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { createYoga, maskError } from 'graphql-yoga';
import type { Database } from './db/driver.ts';
import {
  ConflictError,
  DatabaseAuthError,
  DatabaseUnavailableError,
  QueryTimeoutError,
} from './db/errors.ts';
import { createContext } from './graphql/context.ts';
import { schema } from './graphql/schema.ts';

export const DEFAULT_QUERY = `# The papers of the graph and their most central topics.
# Try also: { topic(name: "self-supervised learning") { name paperCount papers(first: 5) { edges { score node { title } } } } }
{
  papers(first: 5) {
    totalCount
    edges {
      node {
        title
        topics(first: 5) {
          edges {
            score
            node { name paperCount }
          }
        }
      }
    }
  }
}
`;

/** Expected failures keep a typed `extensions.code`; anything else is masked. */
function toTypedError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  const typed = (msg: string, code: string) =>
    new GraphQLError(msg, {
      extensions: { code },
      ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
    });
  if (original instanceof GraphQLError && original.extensions?.code) return error as Error;
  if (original instanceof PothosValidationError) return typed(original.message, 'BAD_USER_INPUT');
  if (original instanceof DatabaseUnavailableError || original instanceof DatabaseAuthError) {
    return typed('the graph database is unavailable; try again shortly', 'SERVICE_UNAVAILABLE');
  }
  if (original instanceof QueryTimeoutError) return typed(original.message, 'TIMEOUT');
  if (original instanceof ConflictError) return typed('the write conflicts with existing data', 'CONFLICT');
  return maskError(error, message, isDev);
}

export function createApp(db: Database, options: { logging?: boolean } = {}) {
  return createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: options.logging ?? true,
    graphiql: { title: 'Paper–topic graph', defaultQuery: DEFAULT_QUERY },
    maskedErrors: { maskError: toTypedError },
    context: () => createContext(db),
  });
}

export type App = ReturnType<typeof createApp>;
