import { type FieldNode, GraphQLError, type ValidationContext } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { SUBSCRIPTIONS_OVER_SSE, useCodeRequestErrors } from '../../src/graphql/use-code-request-errors.ts';

const app = (typeDefs: string, ...plugins: Plugin[]) =>
  createYoga({
    schema: createSchema({
      typeDefs,
      resolvers: {
        Query: { hello: () => 'world' },
        ...(typeDefs.includes('Subscription')
          ? {
              Subscription: {
                tick: {
                  subscribe: async function* () {
                    yield { tick: 'one' };
                  },
                },
              },
            }
          : {}),
      },
    }),
    logging: false,
    plugins: [useCodeRequestErrors(), ...plugins],
  });

interface Body {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function gql(yoga: ReturnType<typeof app>, query: string): Promise<Body> {
  const response = await yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as Body;
}

const served = SUBSCRIPTIONS_OVER_SSE;

describe('useCodeRequestErrors', () => {
  it('serves a subscription over server-sent events', async () => {
    const yoga = app('type Query { hello: String } type Subscription { tick: String }');
    const response = await yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { tick }' }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(await response.text()).toContain('data: {"data":{"tick":"one"}}');
  });

  it('refuses a subscription asked for as one JSON answer, saying how to ask', async () => {
    const yoga = app('type Query { hello: String } type Subscription { tick: String }');
    expect(await gql(yoga, 'subscription { tick }')).toEqual({
      errors: [
        expect.objectContaining({ message: served, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
      ],
    });
  });

  it('answers a subscription with that error alone, coded, where the schema has none', async () => {
    const { errors } = await gql(app('type Query { hello: String }'), 'subscription { hello }');
    expect(errors).toEqual([
      expect.objectContaining({ message: served, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
    ]);
  });

  it('codes the errors of other validation rules as GRAPHQL_VALIDATION_FAILED, or keeps their own code', async () => {
    const rule =
      (code?: string): Plugin['onValidate'] =>
      ({ addValidationRule }) =>
        addValidationRule((context: ValidationContext) => ({
          Field(node: FieldNode) {
            context.reportError(
              new GraphQLError('too much', { nodes: [node], ...(code ? { extensions: { code } } : {}) }),
            );
          },
        }));
    const uncoded = await gql(app('type Query { hello: String }', { onValidate: rule() }), '{ hello }');
    expect(uncoded.errors).toEqual([
      expect.objectContaining({ message: 'too much', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
    ]);
    const coded = await gql(app('type Query { hello: String }', { onValidate: rule('LIMIT') }), '{ hello }');
    expect(coded.errors).toEqual([
      expect.objectContaining({ message: 'too much', extensions: { code: 'LIMIT' } }),
    ]);
  });

  it('leaves valid queries alone', async () => {
    expect(await gql(app('type Query { hello: String }'), '{ hello }')).toEqual({ data: { hello: 'world' } });
  });
});
