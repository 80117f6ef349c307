import type { IncomingMessage } from 'node:http';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { Kind } from 'graphql';
import { createLRUCache, createYoga } from 'graphql-yoga';
import type { Database } from './db/driver.ts';
import { ping } from './db/executor.ts';
import { useExplorer } from './explorer/serve.ts';
import { GraphFeeds } from './feeds/feeds.ts';
import { useFeeds } from './feeds/use-feeds.ts';
import { FollowService } from './follow/service.ts';
import type { ApiKeys } from './graphql/auth.ts';
import { type Context, createContext } from './graphql/context.ts';
import { DEFAULT_QUERY } from './graphql/default-query.ts';
import { toTypedError } from './graphql/mask-errors.ts';
import { ExpensiveOperations } from './graphql/rate-limit.ts';
import { schema } from './graphql/schema.ts';
import { useBodyLimit } from './graphql/use-body-limit.ts';
import { useCodeRequestErrors } from './graphql/use-code-request-errors.ts';
import { useFollowLinks } from './graphql/use-follow-links.ts';
import { useGraphiql } from './graphql/use-graphiql.ts';
import { useMaxAliases } from './graphql/use-max-aliases.ts';
import { useReadiness } from './graphql/use-readiness.ts';
import { PaperWatch } from './live/paper-watch.ts';
import type { Mailer } from './mail/mailer.ts';

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
  /** How often subscriptions look for papers written by any process (`LIVE_POLL_MS`). */
  livePollMs?: number;
  /** Where confirmation mails go; without one, following by e-mail is refused. */
  mailer?: Mailer;
  /** Where people reach the server (`PUBLIC_URL`), for the absolute links of feeds and mail. */
  publicUrl?: string;
}

export const DEFAULT_EXPENSIVE_PER_MINUTE = 300;
export const DEFAULT_MAX_BODY_BYTES = 1_000_000;
export const DEFAULT_PUBLIC_URL = 'http://localhost:4000';

export const LIMITS_HTTP = { aliases: 30, tokens: 3000 };

export function createApp(db: Database, options: AppOptions = {}) {
  const apiKeys = options.apiKeys ?? { digests: [] };
  const expensive = new ExpensiveOperations(options.expensivePerMinute ?? DEFAULT_EXPENSIVE_PER_MINUTE);
  const origins = options.corsOrigins ?? [];
  const watch = new PaperWatch(db, options.livePollMs);
  const publicUrl = options.publicUrl ?? DEFAULT_PUBLIC_URL;
  const follow = new FollowService(db, options.mailer ?? null, publicUrl);
  const yoga = createYoga<{ req?: IncomingMessage }, Context>({
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
    context: ({ request, req }) =>
      createContext(db, request, apiKeys, expensive, req?.socket?.remoteAddress, watch, follow),
    plugins: [
      useGraphiql('/graphql', { title: 'Paper–topic graph', defaultQuery: DEFAULT_QUERY }),
      useExplorer('/graphql'),
      useFeeds(new GraphFeeds(db, publicUrl), publicUrl, expensive),
      useBodyLimit(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
      // queries compile once to JavaScript functions (cached by document): less work per object returned
      useGraphQlJit(
        {},
        {
          cache: createLRUCache(),
          // the compiled subscribe of graphql-jit hands the subscription's resolver no arguments
          enableIf: ({ document }) =>
            !document.definitions.some(
              (d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'subscription',
            ),
        },
      ),
      maxTokensPlugin({ n: LIMITS_HTTP.tokens }),
      useMaxAliases(LIMITS_HTTP.aliases),
      useCodeRequestErrors(),
      useReadiness(() => ping(db), options.readyTimeoutMs ?? 1000),
      useFollowLinks(follow),
    ],
  });
  return Object.assign(yoga, { watch });
}

export type App = ReturnType<typeof createApp>;
