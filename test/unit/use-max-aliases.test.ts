import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useMaxAliases } from '../../src/graphql/use-max-aliases.ts';

const schema = createSchema({
  typeDefs: 'type Query { hello: String }',
  resolvers: { Query: { hello: () => 'world' } },
});

const yoga = createYoga({ schema, logging: false, plugins: [useMaxAliases(3)] });

async function aliased(count: number) {
  const query = `{ ${Array.from({ length: count }, (_, i) => `a${i}: hello`).join(' ')} }`;
  const response = await yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as {
    data?: Record<string, string>;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

describe('useMaxAliases', () => {
  it('serves a query with as many aliases as the limit', async () => {
    expect(await aliased(3)).toEqual({ data: { a0: 'world', a1: 'world', a2: 'world' } });
  });

  it('refuses one alias more with QUERY_TOO_COMPLEX, naming the limit', async () => {
    const { data, errors } = await aliased(4);
    expect(data).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });
    expect(errors?.[0]?.message).toMatch(/^the query has too many aliases: /);
  });
});
