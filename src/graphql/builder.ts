import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError, getNamedType, getNullableType, isListType, isObjectType } from 'graphql';
import type { Context } from './context.ts';
import { DEFAULT_PAGE_SIZE } from './paging.ts';

/** A count that connections compute only when a query asks for it. */
export type LazyCount = () => Promise<number>;

/** Refused before anything reaches Neo4j: complexity is checked before the first resolver runs. */
export const LIMITS = { complexity: 50_000, depth: 14, breadth: 250 };

const TOO = { complexity: 'complex', depth: 'deep', breadth: 'broad' } as const;

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: { apiKey: boolean };
  Connection: { totalCount: LazyCount };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  plugins: [ScopeAuthPlugin, ComplexityPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    nodeTypeOptions: { description: 'Anything with a global id: a paper or a topic.' },
    pageInfoTypeOptions: { description: 'Where a page is in its list, and cursors to move on.' },
    nodeQueryOptions: { description: 'Any paper or topic by its global id.' },
    nodesQueryOptions: {
      description: 'Papers and topics by their global ids, in the order asked; null where none.',
    },
  },
  scopeAuth: {
    authScopes: (ctx) => ({ apiKey: ctx.auth.valid }),
    unauthorizedError: (_parent, ctx) =>
      new GraphQLError(
        ctx.auth.configured
          ? ctx.auth.presented
            ? 'the API key is not valid'
            : 'this operation needs an API key: send "Authorization: Bearer <key>"'
          : 'writes are disabled: the server was started without API_KEYS',
        { extensions: { code: 'UNAUTHENTICATED' } },
      ),
  },
  complexity: {
    limit: LIMITS,
    // A page of n items costs n times its selection; other lists of objects count ten.
    fieldComplexity: (args, _ctx, field) => {
      const first =
        (args as { first?: unknown; limit?: unknown }).first ?? (args as { limit?: unknown }).limit;
      if (typeof first === 'number') return { field: 1, multiplier: Math.max(1, first) };
      if (field.args.some((a) => a.name === 'first')) return { field: 1, multiplier: DEFAULT_PAGE_SIZE };
      const type = getNullableType(field.type);
      if (isListType(type) && isObjectType(getNamedType(type)) && field.name !== 'edges') {
        return { field: 1, multiplier: 10 };
      }
      return { field: 1, multiplier: 1 };
    },
    complexityError: (kind, result) => {
      const limit = kind.toLowerCase() as keyof typeof LIMITS;
      return new GraphQLError(
        `the query is too ${TOO[limit]}: its ${limit} is ${result[limit]}, the limit is ${LIMITS[limit]}`,
        { extensions: { code: 'QUERY_TOO_COMPLEX', limit } },
      );
    },
  },
});

builder.queryType({ description: 'Entry points into the paper–topic graph.' });
builder.mutationType({
  description:
    'Writes; each needs an API key (`Authorization: Bearer <key>`), except `follow` by e-mail address.',
});

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items the whole list holds, across all pages.',
    nullable: false,
    resolve: (parent) => parent.totalCount(),
  }),
);
