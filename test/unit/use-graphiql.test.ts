import { createHash } from 'node:crypto';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { graphiqlCsp, useGraphiql } from '../../src/graphql/use-graphiql.ts';

const schema = createSchema({
  typeDefs: 'type Query { hello: String }',
  resolvers: { Query: { hello: () => 'world' } },
});

// Yoga's own GraphiQL off: the page this plugin serves is the only one
const yoga = createYoga({
  schema,
  logging: false,
  graphiql: false,
  plugins: [useGraphiql('/graphql', { title: 'Spec', defaultQuery: '{ hello }' })],
});

const browser = (headers: Record<string, string> = {}) =>
  yoga.fetch('http://test/graphql', { headers: { accept: 'text/html', ...headers } });

describe('useGraphiql', () => {
  it('serves GraphiQL to a browser with its assets inline, a CSP allowing its one script, and an ETag', async () => {
    const response = await browser();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('<title>Spec</title>');
    expect(html).toContain('{ hello }');
    // nothing is fetched from another host
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
    const script = html.slice(html.indexOf('<script>') + 8, html.lastIndexOf('</script>'));
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(graphiqlCsp(html));
    expect(csp).toContain(`script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(csp).toContain("default-src 'none'");
    expect(response.headers.get('etag')).toMatch(/^"[\w-]{22}"$/);
  }, 60_000);

  it('answers 304 with no body to a browser that has the page', async () => {
    const etag = (await browser()).headers.get('etag') ?? '';
    const again = await browser({ 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await browser({ 'if-none-match': '"other"' })).status).toBe(200);
  }, 60_000);

  it('leaves GraphQL requests and other paths alone', async () => {
    const query = await yoga.fetch('http://test/graphql?query=%7B%20hello%20%7D', {
      headers: { accept: 'application/json' },
    });
    expect(await query.json()).toEqual({ data: { hello: 'world' } });
    const elsewhere = await yoga.fetch('http://test/other', { headers: { accept: 'text/html' } });
    expect(elsewhere.headers.get('content-security-policy')).toBeNull();
    expect(await elsewhere.text()).not.toContain('<title>Spec</title>');
  });
});
