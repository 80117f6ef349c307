import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useReadiness } from '../../src/graphql/use-readiness.ts';

const schema = createSchema({
  typeDefs: 'type Query { hello: String }',
  resolvers: { Query: { hello: () => 'world' } },
});

const app = (check: () => Promise<unknown>, timeoutMs = 20) =>
  createYoga({ schema, logging: false, plugins: [useReadiness(check, timeoutMs)] });

const notReady = { ready: false, reason: 'Neo4j is not reachable' };

describe('useReadiness', () => {
  it('answers 200 with no body when the check passes', async () => {
    const response = await app(async () => 'up').fetch('http://test/ready');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('answers 503 with the reason when the check fails', async () => {
    const response = await app(() => Promise.reject(new Error('refused'))).fetch('http://test/ready');
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual(notReady);
  });

  it('answers 503 at the timeout when the check does not settle', async () => {
    const started = performance.now();
    const response = await app(() => new Promise(() => {}), 50).fetch('http://test/ready');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual(notReady);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('runs one check at a time, and a new one once it has settled', async () => {
    let checks = 0;
    let answer: () => void = () => {};
    let up = false;
    const yoga = app(() => {
      checks++;
      return up ? Promise.resolve() : new Promise<void>((resolve) => (answer = resolve));
    });
    const slow = await Promise.all([1, 2, 3].map(() => yoga.fetch('http://test/ready')));
    expect(slow.map((r) => r.status)).toEqual([503, 503, 503]);
    expect((await yoga.fetch('http://test/ready')).status).toBe(503);
    expect(checks).toBe(1);
    up = true;
    answer();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await yoga.fetch('http://test/ready')).status).toBe(200);
    expect(checks).toBe(2);
  });

  it('checks again after a failed check', async () => {
    let checks = 0;
    const yoga = app(() => (++checks === 1 ? Promise.reject(new Error('refused')) : Promise.resolve()));
    expect((await yoga.fetch('http://test/ready')).status).toBe(503);
    expect((await yoga.fetch('http://test/ready')).status).toBe(200);
    expect(checks).toBe(2);
  });

  it('leaves other paths alone and does not check for them', async () => {
    let checks = 0;
    const yoga = app(async () => checks++);
    const response = await yoga.fetch(`http://test/graphql?query=${encodeURIComponent('{ hello }')}`);
    expect(await response.json()).toEqual({ data: { hello: 'world' } });
    expect((await yoga.fetch('http://test/ready/')).status).toBe(404);
    expect(checks).toBe(0);
  });
});
