import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import type { LinkOutcome } from '../../src/follow/service.ts';
import { type FollowLinks, useFollowLinks } from '../../src/graphql/use-follow-links.ts';

const schema = createSchema({
  typeDefs: 'type Query { hello: String }',
  resolvers: { Query: { hello: () => 'world' } },
});

/** Links that know one token for each action and record what they were asked. */
function links(outcomes: { confirm?: LinkOutcome; unsubscribe?: LinkOutcome } = {}) {
  const calls: string[] = [];
  const impl: FollowLinks = {
    confirm: async (token) => {
      calls.push(`confirm ${token}`);
      return outcomes.confirm ?? { ok: false, reason: 'invalid' };
    },
    unsubscribe: async (token) => {
      calls.push(`unsubscribe ${token}`);
      return outcomes.unsubscribe ?? { ok: false, reason: 'invalid' };
    },
  };
  return { calls, app: createYoga({ schema, logging: false, plugins: [useFollowLinks(impl)] }) };
}

describe('useFollowLinks', () => {
  it('confirms with the token of the link and lists what is followed, escaped', async () => {
    const { calls, app } = links({
      confirm: { ok: true, email: 'ada@example.org', follows: ['topic: <b>graph</b> neural network'] },
    });
    const response = await app.fetch('http://test/follow/confirm?token=abc.def');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('Subscription confirmed');
    expect(html).toContain('ada@example.org');
    expect(html).toContain('<li>topic: &lt;b&gt;graph&lt;/b&gt; neural network</li>');
    expect(calls).toEqual(['confirm abc.def']);
  });

  it('unsubscribes on GET and on the one-click POST of mail clients', async () => {
    const { calls, app } = links({ unsubscribe: { ok: true, email: 'ada@example.org', follows: [] } });
    const get = await app.fetch('http://test/follow/unsubscribe?token=t1');
    expect(get.status).toBe(200);
    expect(await get.text()).toContain('Unsubscribed');
    const post = await app.fetch('http://test/follow/unsubscribe?token=t2', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(post.status).toBe(200);
    expect(calls).toEqual(['unsubscribe t1', 'unsubscribe t2']);
  });

  it('answers 404 for a token it does not know, 410 for an expired one, 400 without one', async () => {
    const { calls, app } = links({ confirm: { ok: false, reason: 'expired' } });
    const unknown = await app.fetch('http://test/follow/unsubscribe?token=nope');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Link not valid');
    const expired = await app.fetch('http://test/follow/confirm?token=old');
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('expired');
    const missing = await app.fetch('http://test/follow/confirm');
    expect(missing.status).toBe(400);
    expect(calls).toEqual(['unsubscribe nope', 'confirm old']);
  });

  it('confirms on GET only, and leaves every other path to the server', async () => {
    const { calls, app } = links();
    const post = await app.fetch('http://test/follow/confirm?token=x', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    const graphql = await app.fetch('http://test/graphql?query={hello}');
    expect(await graphql.json()).toEqual({ data: { hello: 'world' } });
    expect((await app.fetch('http://test/follow/elsewhere?token=x')).status).toBe(404);
    expect(calls).toEqual([]);
  });
});
