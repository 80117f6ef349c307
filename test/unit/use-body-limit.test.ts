import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useBodyLimit } from '../../src/graphql/use-body-limit.ts';

const schema = createSchema({
  typeDefs: 'type Query { hello: String }',
  resolvers: { Query: { hello: () => 'world' } },
});

const body = JSON.stringify({ query: '{ hello }' });
const limit = Buffer.byteLength(body);
const yoga = createYoga({ schema, logging: false, plugins: [useBodyLimit(limit)] });

const post = (headers: Record<string, string>, payload: BodyInit = body) =>
  yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: payload,
  });

describe('useBodyLimit', () => {
  it('serves a body of exactly the limit', async () => {
    const response = await post({ 'content-length': String(limit) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { hello: 'world' } });
  });

  it('refuses a body one byte over the limit with 413 and PAYLOAD_TOO_LARGE', async () => {
    const response = await post({ 'content-length': String(limit + 1) }, `${body} `);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      errors: [
        {
          message: `the request body is ${limit + 1} bytes; at most ${limit} are accepted`,
          extensions: { code: 'PAYLOAD_TOO_LARGE' },
        },
      ],
    });
  });

  it('refuses on the declared length, without reading the body', async () => {
    let pulled = false;
    // highWaterMark 0: the stream is pulled only when something reads it
    const stream = new ReadableStream(
      {
        pull(controller) {
          pulled = true;
          controller.enqueue(new TextEncoder().encode(body));
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const response = await post({ 'content-length': '5000000' }, stream);
    expect(response.status).toBe(413);
    expect(pulled).toBe(false);
  });

  it('refuses chunked POST bodies with 411, whose length is not known in advance', async () => {
    const response = await post({ 'transfer-encoding': 'chunked' });
    expect(response.status).toBe(411);
    const { errors } = (await response.json()) as { errors: { message: string; extensions: unknown }[] };
    expect(errors[0]?.extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE' });
    expect(errors[0]?.message).toContain('Content-Length');
  });

  it('lets GET requests through whatever their transfer encoding', async () => {
    const response = await yoga.fetch(`http://test/graphql?query=${encodeURIComponent('{ hello }')}`, {
      headers: { 'transfer-encoding': 'chunked' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { hello: 'world' } });
  });
});
