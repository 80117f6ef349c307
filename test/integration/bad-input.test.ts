import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../ingest/pipeline.ts';
import { readJsonl } from '../../ingest/sources/jsonl.ts';
import { type App, createApp } from '../../src/app.ts';
import type { Database } from '../../src/db/driver.ts';
import { graphCounts } from '../../src/db/ingest-repo.ts';
import { parseApiKeys } from '../../src/graphql/auth.ts';
import { resetGraph } from '../support/db.ts';
import { gql } from '../support/graphql.ts';
import { onSeededGraph } from '../support/seeded.ts';

let db: Database;
let app: App;

onSeededGraph((seeded) => {
  ({ db, app } = seeded);
});

/** Any answer must be JSON with typed errors; an internal error would mean something unexpected broke. */
function expectHandled(body: any) {
  expect(typeof body).toBe('object');
  for (const error of body.errors ?? []) {
    expect(error.extensions?.code, error.message).toBeTruthy();
    expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(error)).not.toMatch(/MATCH|RETURN|at .*\.ts:\d+|Neo4jError/);
  }
}

async function stillServes() {
  const { body } = await gql(app, '{ papers(first: 1) { totalCount } }');
  expect(body.data.papers.totalCount).toBe(37);
}

describe('GraphQL bad input', () => {
  it.each([
    '{',
    '}}}',
    'query { papers(first: ) { totalCount } }',
    'mutation { }',
    '{ papers(first: "ten") { totalCount } }',
    '{ paper { title } }',
    '{ __typename @unknown }',
    'fragment F on Paper { ...F } { papers { edges { node { ...F } } } }',
    'subscription { papers }',
    '\u0000\u0001\u0002',
  ])('answers %j with a typed error', async (query) => {
    const { status, body } = await gql(app, query);
    expect([200, 400]).toContain(status);
    expect(body.errors?.length).toBeGreaterThan(0);
    expectHandled(body);
    await stillServes();
  });

  it('refuses thousands of aliases and very deep nesting before they reach Neo4j', async () => {
    const aliases = Array.from({ length: 3000 }, (_, i) => `a${i}: __typename`).join(' ');
    const many = await gql(app, `{ ${aliases} }`);
    expect(['QUERY_TOO_COMPLEX', 'GRAPHQL_PARSE_FAILED']).toContain(many.body.errors?.[0]?.extensions?.code);
    const deep = `{ papers { edges { node { ${'topics { edges { node { papers { edges { node { '.repeat(20)}title${' } } } } } }'.repeat(20)} } } } }`;
    const nested = await gql(app, deep);
    expect(nested.body.errors?.[0]?.extensions?.code).toMatch(/QUERY_TOO_COMPLEX|GRAPHQL_PARSE_FAILED/);
    await stillServes();
  });

  it('answers invalid ids with null and a typed error', async () => {
    const cases: [string, string[]][] = [
      ['', ['node', 'paper']],
      ['!!!', ['node', 'paper']],
      ['VG9waWM6', ['node', 'paper']],
      // "Author:x": a type `node` does not know; to `paper`, an id of no paper
      ['QXV0aG9yOng=', ['node']],
      ['\u202e', ['node', 'paper']],
      ['x'.repeat(10_000), ['node', 'paper']],
    ];
    for (const [id, refused] of cases) {
      const { body } = await gql(app, 'query($id: ID!) { node(id: $id) { id } paper(id: $id) { title } }', {
        id,
      });
      expectHandled(body);
      expect(body.data).toEqual({ node: null, paper: null });
      expect((body.errors ?? []).map((e: any) => [e.path?.[0], e.extensions?.code])).toEqual(
        refused.map((field) => [field, 'BAD_USER_INPUT']),
      );
      const explain = await gql(app, 'query($id: ID!) { explain(from: $id, to: $id) { length } }', { id });
      expectHandled(explain.body);
      expect(explain.body.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|NOT_FOUND/);
    }
  });

  it('refuses an enormous body before reading it, and enormous variables with a typed error', async () => {
    const huge = JSON.stringify({
      query: '{ papers { totalCount } }',
      variables: { x: 'x'.repeat(2_000_000) },
    });
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(huge.length) },
      body: huge,
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const big = await gql(app, 'query($q: String!) { search(query: $q) { totalCount } }', {
      q: 'graph '.repeat(50_000),
    });
    expect(big.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const list = await gql(app, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: Array.from({ length: 5000 }, (_, i) => `id-${i}`),
    });
    expectHandled(list.body);
    await stillServes();
  });

  it('stays up, answers typed errors and changes nothing, whatever the strings (property-based)', async () => {
    const before = await graphCounts(db);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }),
        fc.string({ unit: 'binary', maxLength: 80 }),
        async (doc, text) => {
          expectHandled((await gql(app, doc)).body);
          const vars = { t: text };
          for (const query of [
            'query($t: String!) { search(query: $t, first: 3) { totalCount edges { highlights { snippet } } } }',
            'query($t: String!) { topic(name: $t) { key papers(first: 2) { totalCount } } }',
            'query($t: String!) { autocomplete(prefix: $t, first: 3) { edges { matched } } }',
            'query($t: String!) { papers(first: 2, where: {search: $t, topic: $t, author: $t}) { totalCount } }',
            'query($t: ID!) { node(id: $t) { id } explain(from: $t, to: $t) { length } }',
          ]) {
            expectHandled((await gql(app, query, vars)).body);
          }
        },
      ),
      { numRuns: 60 },
    );
    expect(await graphCounts(db)).toEqual(before);
    await stillServes();
  });
});

describe('rate limits', () => {
  it('refuses expensive operations over a client’s budget, per client', async () => {
    const limited = createApp(db, {
      logging: false,
      expensivePerMinute: 12,
      apiKeys: parseApiKeys('key-a,key-b'),
    });
    const ask = async (key: string) => {
      const response = await limited.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({
          query: '{ neighborhood(topic: "neural networks", depth: 3) { nodes { id } } }',
        }),
      });
      return (await response.json()) as any;
    };
    expect((await ask('key-a')).errors).toBeUndefined();
    expect((await ask('key-a')).errors).toBeUndefined();
    const refused = await ask('key-a');
    expect(refused.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.errors[0].extensions.retryAfterSeconds).toBeGreaterThan(0);
    expect((await ask('key-b')).errors).toBeUndefined();
    const cheap = await gql(limited, '{ neighborhood(topic: "neural networks") { nodes { id } } }');
    expect(cheap.body.errors).toBeUndefined();
  });
});

describe('ingest bad input (property-based)', () => {
  const valid = fc.record({
    id: fc.integer({ min: 0, max: 99_999 }).map((n) => `2998.${String(n).padStart(5, '0')}`),
    title: fc
      .constantFrom('Graph widgets', 'Lattice gauge widgets', 'Spectral widget flows')
      .chain((t) => fc.integer({ min: 0, max: 9 }).map((n) => `${t} ${'abcdefghij'[n]}`)),
    abstract: fc.constantFrom(
      'We study graph widgets and their spectral flows.',
      'Lattice gauge widgets admit a duality (LGW).',
      '',
    ),
  });
  const invalid = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constant('{"title": 7}'),
    fc.constant('{"abstract": "no title"}'),
    fc.constant('[1, 2, 3]'),
    fc.constant('{"title": "ok", "authors": [1, 2]}'),
    fc.uint8Array({ maxLength: 30 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  );
  const line = fc.oneof(
    valid.map((record) => ({ ok: true as const, record, text: JSON.stringify(record) })),
    invalid.map((text) => ({ ok: false as const, text: text.replace(/\n/g, ' ') })),
  );

  it('writes exactly the valid records and reports the others, without crashing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 12 }), async (lines) => {
        await resetGraph(db);
        const problems: string[] = [];
        const text = lines.map((l) => l.text).join('\n');
        const summary = await ingest(
          db,
          'random.jsonl',
          readJsonl(Readable.from([Buffer.from(text)]), 'random.jsonl'),
          {
            workers: 0,
            onProblem: (p) => problems.push(p.reason),
          },
        );
        const validIds = new Set(lines.flatMap((l) => (l.ok && !l.text.includes('\r') ? [l.record.id] : [])));
        const { papers } = await graphCounts(db);
        expect(papers).toBe(validIds.size);
        expect(summary.read + summary.skipped).toBeGreaterThanOrEqual(
          lines.filter((l) => l.text.trim()).length - 1,
        );
        for (const reason of problems) expect(reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 12 },
    );
  }, 180_000);
});
