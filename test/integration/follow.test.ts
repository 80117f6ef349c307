import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import type { Database } from '../../src/db/driver.ts';
import { readRecords } from '../../src/db/executor.ts';
import { PapersRepo } from '../../src/db/papers-repo.ts';
import { toNumber } from '../../src/db/values.ts';
import { describeDuration } from '../../src/digest/duration.ts';
import { runDigest, TRENDING_DAYS, type TrendingSource } from '../../src/digest/run.ts';
import { parseApiKeys } from '../../src/graphql/auth.ts';
import { smtpMailer } from '../../src/mail/mailer.ts';
import { testEnv, uniqueId } from '../support/db.ts';
import type { GraphQLResponse } from '../support/graphql.ts';
import { listUnsubscribe, type Received, startSmtpServer } from '../support/mail.ts';
import { onSeededGraph } from '../support/seeded.ts';

const KEY = 'follow-test-key';
const OTHER_KEY = 'follow-other-key';
const PUBLIC_URL = 'https://papers.test';
const FROM = 'Paper digest <digest@papers.test>';
const DAY_MS = 86_400_000;
const SSL = 'self supervised learning';

let db: Database;
let app: App;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

onSeededGraph((seeded) => {
  db = seeded.db;
});

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = createApp(db, {
    logging: false,
    apiKeys: parseApiKeys(`${KEY},${OTHER_KEY}`),
    mailer: smtpMailer(smtp.url, FROM),
    publicUrl: PUBLIC_URL,
  });
});

afterAll(async () => {
  await smtp?.close();
});

async function call<T = any>(
  query: string,
  variables: Record<string, unknown> = {},
  key?: string,
  target = app,
) {
  const response = await target.fetch('http://test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

const FOLLOW = `mutation($input: FollowInput!) { follow(input: $input) {
  pending confirmationSent retryAfterSeconds
  following { email confirmed topics { pending topic { key } } authors { name pending } searches { query pending } }
} }`;

const FOLLOWING = `query($token: String) { following(token: $token) {
  email confirmed topics { pending topic { key name } } authors { name } searches { query }
} }`;

const UNFOLLOW = `mutation($input: UnfollowInput!) { unfollow(input: $input) {
  removed following { topics { topic { key } } authors { name } searches { query } }
} }`;

const INGEST = `mutation($papers: [PaperInput!]!) { ingestPapers(papers: $papers) { written papers { paperId } } }`;

/** Waits until `count` messages have reached `address`; SMTP delivery is asynchronous for the server. */
async function messagesTo(address: string, count: number): Promise<Received[]> {
  for (let i = 0; i < 100 && smtp.to(address).length < count; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return smtp.to(address);
}

const linkIn = (text: string, route: 'confirm' | 'unsubscribe') => {
  const match = new RegExp(`${PUBLIC_URL}/follow/${route}\\?token=[A-Za-z0-9_.-]+`).exec(text);
  expect(match, `a ${route} link in ${text}`).not.toBeNull();
  return match?.[0] as string;
};

const tokenOf = (url: string) => new URL(url).searchParams.get('token') as string;

/** Follows by address alone and opens the link of the confirmation mail; answers the follower's token. */
async function followConfirmed(email: string, input: Record<string, unknown>): Promise<string> {
  const before = smtp.to(email).length;
  const followed = await call(FOLLOW, { input: { email, ...input } });
  expect(followed.errors).toBeUndefined();
  const [confirmation] = (await messagesTo(email, before + 1)).slice(before);
  const confirmed = await app.fetch(linkIn(confirmation?.mail.text ?? '', 'confirm'));
  expect(confirmed.status).toBe(200);
  return tokenOf(linkIn(confirmation?.mail.text ?? '', 'unsubscribe'));
}

const noTrending: TrendingSource = { papers: async () => ({ rows: [], total: null }) };

function digest(trending: TrendingSource = noTrending, sinceMs = DAY_MS) {
  return runDigest(db, {
    sinceMs,
    period: describeDuration('24h'),
    dryRun: false,
    mailer: smtpMailer(smtp.url, FROM),
    publicUrl: PUBLIC_URL,
    trending,
  });
}

/** The titles a digest's plain-text part lists under a section heading. */
function titlesIn(text: string, section: 'New on what you follow' | 'Trending'): string[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => line.startsWith(section));
  if (start < 0) return [];
  // the heading, its underline and a blank line, then the entries up to the next blank line
  const rest = lines.slice(start + 3);
  const end = rest.indexOf('');
  return rest
    .slice(0, end < 0 ? undefined : end)
    .filter((line) => line.startsWith('* '))
    .map((line) => line.slice(2));
}

async function ingestPaper(title: string, abstract: string, authors: string[] = []) {
  const result = await call(INGEST, { papers: [{ id: undefined, title, abstract, authors }] }, KEY);
  expect(result.errors).toBeUndefined();
  return result.data.ingestPapers.papers[0].paperId as string;
}

async function digestsSentTo(email: string): Promise<number> {
  const [record] = await readRecords(
    db,
    'MATCH (:Follower {email: $email})<-[:TO]-(d:Digest) RETURN count(d) AS n',
    { email },
  );
  return toNumber(record?.get('n'));
}

describe('following by e-mail address', () => {
  it('keeps the follows pending until the mailed link is opened, and sends no digest before', async () => {
    const email = `${uniqueId('ada')}@example.org`;
    const followed = await call(FOLLOW, { input: { email, topics: ['Self-Supervised Learning'] } });
    expect(followed.errors).toBeUndefined();
    // an address alone proves nothing: the payload shows none of what it follows
    expect(followed.data.follow).toEqual({
      pending: true,
      confirmationSent: true,
      retryAfterSeconds: null,
      following: null,
    });
    const [confirmation] = await messagesTo(email, 1);
    expect(confirmation?.to).toEqual([email]);
    expect(confirmation?.from).toBe('digest@papers.test');
    expect(confirmation?.mail.subject).toBe('Confirm your paper digest');
    expect(confirmation?.mail.text).toContain('self-supervised learning');
    expect(confirmation?.mail.html).toContain('self-supervised learning');
    const confirmUrl = linkIn(confirmation?.mail.text ?? '', 'confirm');
    const unsubscribeUrl = linkIn(confirmation?.mail.text ?? '', 'unsubscribe');
    expect(confirmation?.mail.html).toContain(`href="${confirmUrl}"`);
    expect(listUnsubscribe(confirmation?.mail as never)).toBe(unsubscribeUrl);

    const token = tokenOf(unsubscribeUrl);
    const pending = await call(FOLLOWING, { token });
    expect(pending.data.following).toMatchObject({
      email,
      confirmed: false,
      topics: [{ pending: true, topic: { key: SSL } }],
    });

    // unconfirmed: the digest passes it by though the graph has new papers on its topic
    await digest();
    expect(smtp.to(email)).toHaveLength(1);
    expect(await digestsSentTo(email)).toBe(0);

    // a second request moments later records the follow but mails nothing
    const again = await call(FOLLOW, { input: { email, topics: ['neural networks'] } });
    expect(again.data.follow.confirmationSent).toBe(false);
    expect(again.data.follow.retryAfterSeconds).toBeGreaterThan(500);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.to(email)).toHaveLength(1);

    expect((await app.fetch(`${PUBLIC_URL}/follow/confirm?token=${token}`)).status).toBe(404);
    const confirmed = await app.fetch(confirmUrl);
    expect(confirmed.status).toBe(200);
    const page = await confirmed.text();
    expect(page).toContain('Subscription confirmed');
    expect(page).toContain('topic: neural network');

    const now = await call(FOLLOWING, { token });
    expect(now.data.following.confirmed).toBe(true);
    expect(now.data.following.topics.map((t: any) => [t.topic.key, t.pending]).sort()).toEqual([
      ['neural network', false],
      [SSL, false],
    ]);
  });

  it('mails a confirmed follower the new papers on its topic, a paper ingested later in the next digest, and nothing twice', async () => {
    const email = `${uniqueId('grace')}@example.org`;
    await followConfirmed(email, { topics: ['Neural Networks'] });
    const seeded = await call(
      `{ topic(name: "neural network") { name papers(first: 50) { edges { node { title } } } } }`,
    );
    const expected = seeded.data.topic.papers.edges.map((e: any) => e.node.title).sort();
    expect(expected.length).toBeGreaterThan(2);
    // asked for by address alone after the confirmation: pending until confirmed again, so not in the digest
    const later = await call(FOLLOW, { input: { email, topics: ['online knapsack problems'] } });
    expect(later.data.follow).toMatchObject({ pending: true, confirmationSent: false });

    await digest();
    const [first] = (await messagesTo(email, 2)).slice(1);
    expect(first?.to).toEqual([email]);
    expect(first?.mail.subject).toMatch(/^Paper digest \d{4}-\d{2}-\d{2}: \d+ new on what you follow$/);
    expect(first?.mail.subject).toContain(`${expected.length} new on what you follow`);
    expect(titlesIn(first?.mail.text ?? '', 'New on what you follow').sort()).toEqual(expected);
    for (const title of expected) expect(first?.mail.html).toContain(title.replace(/&/g, '&amp;'));
    // by its display name: the way papers write it most ("neural networks")
    expect(first?.mail.text).toContain(`(topic: ${seeded.data.topic.name})`);
    expect(first?.mail.text).not.toContain('knapsack');
    expect(listUnsubscribe(first?.mail as never)).toBe(linkIn(first?.mail.text ?? '', 'unsubscribe'));
    expect(await digestsSentTo(email)).toBe(1);

    const marker = uniqueId('wav');
    const title = `Pruning neural networks with ${marker} masks`;
    await ingestPaper(
      title,
      `We prune neural networks with ${marker} masks. The pruned neural networks keep their accuracy.`,
    );
    await digest();
    const [second] = (await messagesTo(email, 3)).slice(2);
    expect(titlesIn(second?.mail.text ?? '', 'New on what you follow')).toEqual([title]);
    expect(second?.mail.subject).toContain('1 new on what you follow');
    expect(second?.mail.html).toContain(title);

    const rerun = await digest();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.to(email)).toHaveLength(3);
    expect(rerun.messages).toBe(0);
    expect(await digestsSentTo(email)).toBe(2);
  });

  it('stops all mail through the unsubscribe link of a received digest', async () => {
    const email = `${uniqueId('alan')}@example.org`;
    const token = await followConfirmed(email, { topics: ['self-supervised learning'] });
    await digest();
    const [received] = (await messagesTo(email, 2)).slice(1);
    const link = listUnsubscribe(received?.mail as never) as string;
    expect(link).toBe(linkIn(received?.mail.text ?? '', 'unsubscribe'));
    expect(received?.mail.html).toContain(`href="${link}"`);

    const page = await app.fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Unsubscribed');
    expect((await call(FOLLOWING, { token })).data.following).toMatchObject({ confirmed: false, topics: [] });

    await ingestPaper(
      `Self-supervised learning for ${uniqueId('sonar')} signals`,
      'Self-supervised learning of sonar signals without labels.',
    );
    await digest();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.to(email)).toHaveLength(2);
  });
});

describe('following with an API key', () => {
  it('follows topics, authors and saved searches at once, and mails a digest once the address is confirmed', async () => {
    const marker = uniqueId('kernel').replace('-', '');
    const author = `Ada ${marker} Byron`;
    const title = `Spectral ${marker} kernels for graph transformers`;
    await ingestPaper(title, `We propose spectral ${marker} kernels for graph transformers on molecules.`, [
      author,
    ]);

    const followed = await call(
      FOLLOW,
      {
        input: {
          topics: ['hyperparameter transfer'],
          authors: [author.toUpperCase()],
          searches: [`${marker} Kernels`],
        },
      },
      KEY,
    );
    expect(followed.errors).toBeUndefined();
    expect(followed.data.follow).toMatchObject({ pending: false, confirmationSent: false });
    expect(followed.data.follow.following).toMatchObject({
      email: null,
      confirmed: false,
      authors: [{ name: author, pending: false }],
      searches: [{ query: `${marker.toLowerCase()} kernels`, pending: false }],
    });
    expect(followed.data.follow.following.topics.map((t: any) => t.topic.key)).toContain(
      'hyperparameter transfer',
    );

    // another key follows nothing
    expect((await call(FOLLOWING, {}, OTHER_KEY)).data.following).toEqual({
      email: null,
      confirmed: false,
      topics: [],
      authors: [],
      searches: [],
    });

    const email = `${uniqueId('key')}@example.org`;
    const withAddress = await call(FOLLOW, { input: { topics: ['muP'], email } }, KEY);
    expect(withAddress.data.follow).toMatchObject({ pending: false, confirmationSent: true });
    expect(withAddress.data.follow.following).toMatchObject({ email, confirmed: false });
    await digest();
    const [confirmation] = await messagesTo(email, 1);
    expect(smtp.to(email)).toHaveLength(1);
    expect(confirmation?.mail.text).toContain(`author: ${author}`);
    expect((await app.fetch(linkIn(confirmation?.mail.text ?? '', 'confirm'))).status).toBe(200);
    expect((await call(FOLLOWING, {}, KEY)).data.following.confirmed).toBe(true);

    await digest();
    const [sent] = (await messagesTo(email, 2)).slice(1);
    const text = sent?.mail.text ?? '';
    expect(titlesIn(text, 'New on what you follow')).toContain(title);
    const reasons = text.split('\n').find((line) => line.startsWith('  (') && line.includes(author)) ?? '';
    expect(reasons).toContain(`author: ${author}`);
    expect(reasons).toContain(`search: ${marker.toLowerCase()} kernels`);
    expect(text).toContain(
      'Tensor Programs V: Tuning Large Neural Networks via Zero-Shot Hyperparameter Transfer',
    );

    const unfollowed = await call(
      UNFOLLOW,
      { input: { authors: [author], searches: [`${marker} kernels`] } },
      KEY,
    );
    expect(unfollowed.data.unfollow.removed).toBe(2);
    expect(unfollowed.data.unfollow.following.authors).toEqual([]);
    expect(unfollowed.data.unfollow.following.searches).toEqual([]);
  });
});

describe('changing the address', () => {
  it('makes the link mailed to the old address confirm nothing, and mails the new one at once', async () => {
    const [first, second] = [`${uniqueId('old')}@example.org`, `${uniqueId('new')}@example.org`];
    const one = await call(FOLLOW, { input: { topics: ['muP'], email: first } }, OTHER_KEY);
    expect(one.data.follow).toMatchObject({ confirmationSent: true });
    const [toFirst] = await messagesTo(first, 1);
    const oldLink = linkIn(toFirst?.mail.text ?? '', 'confirm');
    // within the gap between two confirmation mails: the new address still gets its own
    const two = await call(FOLLOW, { input: { topics: ['muP'], email: second } }, OTHER_KEY);
    expect(two.data.follow).toMatchObject({ confirmationSent: true });
    expect(await messagesTo(second, 1)).toHaveLength(1);
    expect((await app.fetch(oldLink)).status).toBe(404);
    expect((await call(FOLLOWING, {}, OTHER_KEY)).data.following).toMatchObject({
      email: second,
      confirmed: false,
    });
    const [toSecond] = smtp.to(second);
    expect((await app.fetch(linkIn(toSecond?.mail.text ?? '', 'confirm'))).status).toBe(200);
    expect((await call(FOLLOWING, {}, OTHER_KEY)).data.following).toMatchObject({
      email: second,
      confirmed: true,
    });
  });
});

describe('the trending section', () => {
  it('adds the period’s trending papers the follower was not sent yet, once', async () => {
    const email = `${uniqueId('trend')}@example.org`;
    await followConfirmed(email, { topics: ['online knapsack problem'] });
    const [paper] = await new PapersRepo(db).byIds(
      (
        await call(`{ topic(name: "ReLU networks") { papers(first: 1) { edges { node { paperId } } } } }`)
      ).data.topic.papers.edges.map((e: any) => e.node.paperId),
    );
    const windows: unknown[] = [];
    const trending: TrendingSource = {
      papers: async (window) => {
        windows.push(window);
        return { rows: paper ? [{ paper, score: 4.2, topics: [] }] : [], total: null };
      },
    };
    await digest(trending);
    const [sent] = (await messagesTo(email, 2)).slice(1);
    expect(titlesIn(sent?.mail.text ?? '', 'Trending')).toEqual([paper?.title]);
    expect(sent?.mail.subject).toMatch(/, 1 trending$/);
    const today = new Date().toISOString().slice(0, 10);
    // a day's papers, but the trending section reads a month of them
    expect(windows[0]).toEqual({
      from: new Date(Date.now() - TRENDING_DAYS * DAY_MS).toISOString().slice(0, 10),
      to: today,
    });

    await digest(trending);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.to(email)).toHaveLength(2);
  });
});

describe('typed errors', () => {
  it('names the argument at fault with extensions.code', async () => {
    const code = async (query: string, variables: Record<string, unknown>, key?: string, target = app) => {
      const { errors, data } = await call(query, variables, key, target);
      expect(data?.follow ?? data?.following ?? data?.unfollow ?? null).toBeNull();
      return errors?.map((e) => [e.extensions?.code, (e.extensions as any)?.argumentName ?? null]);
    };
    const email = `${uniqueId('err')}@example.org`;
    expect(await code(FOLLOW, { input: { email, topics: ['SSL', 'basket weaving'] } })).toEqual([
      ['NOT_FOUND', 'input.topics[1]'],
    ]);
    expect(await code(FOLLOW, { input: { topics: ['SSL'], authors: ['Nobody Atall'] } }, KEY)).toEqual([
      ['NOT_FOUND', 'input.authors[0]'],
    ]);
    expect(await code(FOLLOW, { input: { email: 'not an address', topics: ['SSL'] } })).toEqual([
      ['BAD_USER_INPUT', 'input.email'],
    ]);
    expect(await code(FOLLOW, { input: { searches: ['&&'] } }, KEY)).toEqual([
      ['BAD_USER_INPUT', 'input.searches[0]'],
    ]);
    expect(await code(FOLLOW, { input: { email } })).toEqual([['BAD_USER_INPUT', null]]);
    expect(await code(FOLLOW, { input: { topics: ['SSL'] } })).toEqual([['UNAUTHENTICATED', null]]);
    expect(await code(FOLLOW, { input: { topics: ['SSL'] } }, 'wrong-key')).toEqual([
      ['UNAUTHENTICATED', null],
    ]);
    expect(await code(FOLLOWING, {})).toEqual([['UNAUTHENTICATED', null]]);
    expect(await code(FOLLOWING, { token: 'garbage' })).toEqual([['UNAUTHENTICATED', null]]);
    expect(await code(UNFOLLOW, { input: { topics: ['SSL'], token: 'garbage' } })).toEqual([
      ['UNAUTHENTICATED', null],
    ]);
    const mailless = createApp(db, { logging: false });
    expect(await code(FOLLOW, { input: { email, topics: ['SSL'] } }, undefined, mailless)).toEqual([
      ['SERVICE_UNAVAILABLE', null],
    ]);
    // nothing was mailed to the address, nor recorded for it
    expect(smtp.to(email)).toEqual([]);
    const [record] = await readRecords(db, 'MATCH (f:Follower {emailKey: $email}) RETURN count(f) AS n', {
      email,
    });
    expect(toNumber(record?.get('n'))).toBe(0);
  });
});

describe('npm run digest', () => {
  const cli = async (args: string[], env: NodeJS.ProcessEnv) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'src/digest/cli.ts', ...args],
        { env, timeout: 90_000 },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout: string; stderr: string };
      return { code: e.code ?? -1, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const env = () => ({ ...testEnv(), SMTP_URL: smtp.url, PUBLIC_URL, MAIL_FROM: FROM });

  it('refuses a bad --since with one line naming it', async () => {
    for (const since of ['5x', '0h', '24']) {
      const result = await cli(['--since', since], env());
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([
        `error: --since "${since}" is not a period like 30m, 24h or 7d (at most a year)`,
      ]);
    }
  });

  it('writes a dry run as .eml files into the folder it prints and records nothing; the real run then sends', async () => {
    const email = `${uniqueId('dry')}@example.org`;
    await followConfirmed(email, { topics: ['scaling laws'] });
    // diffusion models take over the papers published this week: trending, for TrendingRepo to rank
    const day = (ago: number) => new Date(Date.now() - ago * DAY_MS).toISOString().slice(0, 10);
    const study = (i: number, topic: string, published: string) => ({
      id: undefined,
      title: `${topic} for ${uniqueId('setting')}, study ${i}`,
      abstract: `We train ${topic} on ${uniqueId('data')} data. Our ${topic} reach a new state of the art on ${3 + i} benchmarks.`,
      published,
    });
    const recent = Array.from({ length: 6 }, (_, i) => study(i, 'diffusion models', day(1 + (i % 3))));
    const earlier = [
      ...Array.from({ length: 10 }, (_, i) => study(i, 'kernel methods', `2020-0${1 + (i % 9)}-10`)),
      study(10, 'diffusion models', '2020-06-01'),
    ];
    const ingested = await call(INGEST, { papers: [...recent, ...earlier] }, KEY);
    expect(ingested.errors).toBeUndefined();
    const recentTitles = new Set(recent.map((r) => r.title));

    const dry = await cli(['--dry-run', '--since', '7d'], env());
    expect(dry.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(dry.code).toBe(0);
    const folder = /the messages are in (\S+);/.exec(dry.stdout)?.[1] as string;
    expect(folder).toBeTruthy();
    const files = (await readdir(folder)).filter((f) => f.endsWith('.eml'));
    const parsed = await Promise.all(
      files.map(async (f) => simpleParser(await readFile(path.join(folder, f)))),
    );
    const mine = parsed.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === email);
    expect(mine).toHaveLength(1);
    const titles = titlesIn(mine[0]?.text ?? '', 'New on what you follow');
    expect(titles).toContain('(Mis)Fitting: A Survey of Scaling Laws');
    expect(mine[0]?.html).toContain('(Mis)Fitting: A Survey of Scaling Laws');
    const trendingTitles = titlesIn(mine[0]?.text ?? '', 'Trending');
    expect(trendingTitles.length).toBeGreaterThan(0);
    expect(trendingTitles.filter((t) => !recentTitles.has(t))).toEqual([]);
    expect(mine[0]?.text).toContain('trending, score');
    expect(dry.stdout).toMatch(
      new RegExp(`digest for the last 7 days: \\d+ followers, ${files.length} messages written`),
    );
    expect(await digestsSentTo(email)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.to(email)).toHaveLength(1);

    const real = await cli(['--since', '7d'], env());
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/messages sent, \d+ papers/);
    const [sent] = (await messagesTo(email, 2)).slice(1);
    expect(titlesIn(sent?.mail.text ?? '', 'New on what you follow').sort()).toEqual([...titles].sort());
    expect(titlesIn(sent?.mail.text ?? '', 'Trending')).toEqual(trendingTitles);
    expect(await digestsSentTo(email)).toBe(1);

    const rerun = await cli(['--since', '7d'], env());
    expect(rerun.stdout).toMatch(/, 0 messages sent, 0 papers/);
  });
});
