import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import type { Database } from '../../src/db/driver.ts';
import { parseApiKeys } from '../../src/graphql/auth.ts';
import { close, listen } from '../../src/server.ts';
import { openTestDatabase, testEnv, uniqueId } from '../support/db.ts';

const run = promisify(execFile);
const KEY = 'live-test-key';

let db: Database;
let app: App;
let server: Server;
let base: string;
let dir: string;
/** Subscriptions the tests have open: the watcher's count reaches it once the newest has started. */
let open = 0;

/** A made-up concept no other test writes: letters only, so the tagger reads it as one phrase. */
const concept = () =>
  `zyxqv ${uniqueId('t')
    .slice(-8)
    .replace(/\d/g, (d) => 'ghijklmnop'[Number(d)] as string)} manifold`;

interface Received {
  writtenAt: string;
  paper: { paperId: string; title: string } | null;
  topics: { key: string }[];
}

/** A real SSE client on `papersAdded`; resolves once the stream is open. */
async function subscribe(topics: string[] | null) {
  const query = `subscription($topics: [String!]) {
    papersAdded(topics: $topics) { writtenAt paper { paperId title } topics { key } } }`;
  const url = new URL('/graphql', base);
  url.searchParams.set('query', query);
  url.searchParams.set('variables', JSON.stringify({ topics }));
  const expected = ++open;
  const source = new EventSource(url);
  const events: Received[] = [];
  const errors: unknown[] = [];
  const waiting: (() => void)[] = [];
  source.addEventListener('next', (event) => {
    const payload = JSON.parse(event.data);
    if (payload.errors) errors.push(...payload.errors);
    else events.push(payload.data.papersAdded);
    for (const wake of waiting.splice(0)) wake();
  });
  await new Promise<void>((resolve, reject) => {
    source.onopen = () => resolve();
    source.onerror = (error) => reject(error);
  });
  // the watcher takes its first look at the database clock once the subscription is set up
  await waitUntil(() => app.watch.listening >= expected, 10_000, 'the subscription to start');
  return {
    events,
    errors,
    close: () => {
      source.close();
      open--;
    },
    async next(count: number, timeoutMs = 30_000): Promise<Received[]> {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          setTimeout(resolve, 250);
        });
      }
      return events;
    },
  };
}

async function waitUntil(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const record = (id: string, title: string, abstract: string) =>
  JSON.stringify({ id, title, abstract, published: '2024-05-01', authors: ['A. Writer'] });

beforeAll(async () => {
  db = await openTestDatabase();
  app = createApp(db, { logging: false, livePollMs: 200, apiKeys: parseApiKeys(KEY) });
  server = await listen(app, 0, '127.0.0.1');
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  dir = await mkdtemp(path.join(tmpdir(), 'live-'));
});

afterAll(async () => {
  await app?.watch.close();
  if (server) await close(server);
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('papersAdded over server-sent events', () => {
  it('tells a subscriber of papers an ingest in another process writes, only those on its topics', async () => {
    const topic = concept();
    const [on, off] = [uniqueId('live-on'), uniqueId('live-off')];
    const subscription = await subscribe([topic]);
    try {
      const file = path.join(dir, `${on}.jsonl`);
      await writeFile(
        file,
        `${[
          record(on, `A study of the ${topic}`, `We study the ${topic} in depth and bound its curvature.`),
          record(off, 'Nothing to see here', 'We measure the boiling point of water at altitude.'),
        ].join('\n')}\n`,
      );
      // the command-line ingest, a process of its own
      await run(process.execPath, ['--import', 'tsx', 'ingest/cli.ts', file, '--workers', '0'], {
        env: testEnv(),
      });
      const events = await subscription.next(1);
      // ids that are not arXiv ids are replaced by one made from the title
      expect(events.map((e) => e.paper?.title)).toEqual([`A study of the ${topic}`]);
      expect(events[0]?.topics.map((t) => t.key)).toEqual([topic]);
      expect(Number.isNaN(Date.parse(events[0]?.writtenAt ?? ''))).toBe(false);
      // a while longer: the other paper never comes, nor the first twice
      await new Promise((r) => setTimeout(r, 1500));
      expect(subscription.events.map((e) => e.paper?.title)).toEqual([`A study of the ${topic}`]);
    } finally {
      subscription.close();
    }
    await waitUntil(() => app.watch.listening === 0, 10_000, 'the subscription to end');
  });

  it('also fires for the ingestPapers mutation, and for every paper without topics', async () => {
    const topic = concept();
    const id = uniqueId('live-mutation');
    // a quiet moment first: papers the previous test wrote are behind the new subscriptions' start
    const everything = await subscribe(null);
    const some = await subscribe([topic]);
    try {
      const response = await fetch(new URL('/graphql', base), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: JSON.stringify({
          query: 'mutation($p: [PaperInput!]!) { ingestPapers(papers: $p) { written } }',
          variables: { p: [{ id, title: `Bounds for the ${topic}`, abstract: `The ${topic} is compact.` }] },
        }),
      });
      expect(((await response.json()) as any).data.ingestPapers.written).toBe(1);
      const [seenAll] = await everything.next(1);
      const [seenSome] = await some.next(1);
      expect(seenAll?.paper?.title).toBe(`Bounds for the ${topic}`);
      expect(seenSome?.paper?.title).toBe(`Bounds for the ${topic}`);
      expect(seenAll?.topics.map((t) => t.key)).toContain(topic);
    } finally {
      everything.close();
      some.close();
    }
    await waitUntil(() => app.watch.listening === 0, 10_000, 'the subscriptions to end');
  });

  it('refuses a topic name that names nothing with a typed error', async () => {
    const response = await fetch(new URL('/graphql', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { papersAdded(topics: ["  "]) { writtenAt } }' }),
    });
    const text = await response.text();
    const data = text
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trim())
      .filter((l) => l.startsWith('{'));
    const errors = data.flatMap((d) => JSON.parse(d).errors ?? []);
    expect(errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'topics' });
    expect(errors[0]?.message).toContain('names no topic');
  });
});
