import type { IncomingMessage } from 'node:http';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { createLRUCache, createYoga, maskError } from 'graphql-yoga';
import { CursorMismatchError } from './db/compile-plan.ts';
import type { Database } from './db/driver.ts';
import {
  ConflictError,
  DatabaseAuthError,
  DatabaseUnavailableError,
  QueryTimeoutError,
} from './db/errors.ts';
import { ping } from './db/executor.ts';
import { useExplorer } from './explorer/serve.ts';
import type { ApiKeys } from './graphql/auth.ts';
import { type Context, createContext } from './graphql/context.ts';
import { ExpensiveOperations } from './graphql/rate-limit.ts';
import { schema } from './graphql/schema.ts';
import { useBodyLimit } from './graphql/use-body-limit.ts';
import { useCodeRequestErrors } from './graphql/use-code-request-errors.ts';
import { useGraphiql } from './graphql/use-graphiql.ts';
import { useMaxAliases } from './graphql/use-max-aliases.ts';
import { useReadiness } from './graphql/use-readiness.ts';

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

export interface AppOptions {
  logging?: boolean;
  /** Keys that may write (`API_KEYS`); reads are public. */
  apiKeys?: ApiKeys;
  /** Origins allowed by CORS (`CORS_ORIGINS`): a list, or '*' for any; none when empty. */
  corsOrigins?: string[];
  /** How long /ready waits for Neo4j. */
  readyTimeoutMs?: number;
  /** Points of expensive operations each client may spend a minute (`RATE_LIMIT_PER_MINUTE`). */
  expensivePerMinute?: number;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
}

export const DEFAULT_EXPENSIVE_PER_MINUTE = 300;
export const DEFAULT_MAX_BODY_BYTES = 1_000_000;

export const LIMITS_HTTP = { aliases: 30, tokens: 3000 };

export function createApp(db: Database, options: AppOptions = {}) {
  const apiKeys = options.apiKeys ?? { digests: [] };
  const expensive = new ExpensiveOperations(options.expensivePerMinute ?? DEFAULT_EXPENSIVE_PER_MINUTE);
  const origins = options.corsOrigins ?? [];
  return createYoga<{ req?: IncomingMessage }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    logging: options.logging ?? true,
    // served by useGraphiql, from an npm package rather than a CDN
    graphiql: false,
    maskedErrors: { maskError: toTypedError },
    cors:
      origins.length === 0
        ? false
        : { origin: origins.includes('*') ? '*' : origins, methods: ['GET', 'POST'] },
    context: ({ request, req }) => createContext(db, request, apiKeys, expensive, req?.socket?.remoteAddress),
    plugins: [
      useGraphiql('/graphql', { title: 'Paper–topic graph', defaultQuery: DEFAULT_QUERY }),
      useExplorer('/graphql'),
      useBodyLimit(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
      // queries compile once to JavaScript functions (cached by document): less work per object returned
      useGraphQlJit({}, { cache: createLRUCache() }),
      maxTokensPlugin({ n: LIMITS_HTTP.tokens }),
      useMaxAliases(LIMITS_HTTP.aliases),
      useCodeRequestErrors(),
      useReadiness(() => ping(db), options.readyTimeoutMs ?? 1000),
    ],
  });
}

export type App = ReturnType<typeof createApp>;
