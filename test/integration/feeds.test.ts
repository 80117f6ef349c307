import { extractFromXml } from '@extractus/feed-extractor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRecords, ingest } from '../../ingest/index.ts';
import { type App, createApp } from '../../src/app.ts';
import type { Database } from '../../src/db/driver.ts';
import { TrendingRepo } from '../../src/db/trending-repo.ts';
import { toPaperRecord } from '../../src/domain/validate.ts';
import { parseHash } from '../../src/explorer/client/model.ts';
import { openTestDatabase, resetGraph, uniqueId } from '../support/db.ts';
import { gql } from '../support/graphql.ts';

const PUBLIC_URL = 'https://papers.example.org';
let db: Database;
let app: App;

beforeAll(async () => {
  db = await openTestDatabase();
  await resetGraph(db);
  app = createApp(db, { logging: false, publicUrl: PUBLIC_URL });
});
afterAll(async () => {
  await db?.close();
});

/** Letters only, so that it stays one word in titles and topics. */
const word = () =>
  uniqueId('w')
    .slice(2)
    .replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)] as string)
    .replace(/-/g, '');

const used = new Set<string>();
/** An arXiv-style id, so the paper keeps it (other ids are read as titles). */
function arxivId(): string {
  let id: string;
  do id = `2999.${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;
  while (used.has(id));
  used.add(id);
  return id;
}

interface Input {
  id: string;
  title: string;
  abstract: string;
  published?: string;
  authors?: string[];
  url?: string;
}

async function add(papers: Input[]): Promise<void> {
  const records = papers.map((p, i) => toPaperRecord(p, { source: 'feeds', line: i + 1, position: i }));
  await ingest(db, 'feeds', fromRecords(records), { workers: 0 });
}

const local = (address: string) => address.replace(PUBLIC_URL, 'http://test');

interface Link {
  rel: string;
  href: string;
}
interface Entry {
  id: string;
  title: string;
  links: Link[];
  authors: string[];
  summary: string;
  published: string;
  updated: string;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const links = (node: Record<string, unknown>): Link[] =>
  list(node.link as Record<string, string> | Record<string, string>[]).map((l) => ({
    rel: l['@_rel'] ?? 'alternate',
    href: l['@_href'] ?? '',
  }));
const text = (v: unknown) => String((v as Record<string, unknown>)?.['#text'] ?? v ?? '');

async function fetchFeed(path: string, init?: RequestInit) {
  const response = await app.fetch(`http://test${path}`, init ?? {});
  const xml = await response.text();
  return { response, xml };
}

/** The feed as a feed reader reads it, with the raw links, authors and dates of each entry. */
async function readFeed(path: string) {
  const { response, xml } = await fetchFeed(path);
  expect(response.status, xml).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  const feed = extractFromXml(xml, {
    useISODateFormat: true,
    getExtraFeedFields: (f: Record<string, unknown>) => ({ links: links(f), id: f.id, updated: f.updated }),
    getExtraEntryFields: (e: Record<string, unknown>) => ({
      links: links(e),
      authors: list(e.author as { name: string } | { name: string }[]).map((a) => a.name),
      summary: text(e.summary),
      published: String(e.published),
      updated: String(e.updated),
      id: String(e.id),
    }),
  }) as unknown as { title: string; links: Link[]; id: string; updated: string; entries: Entry[] };
  return { response, feed };
}

const href = (ls: Link[], rel: string) => ls.find((l) => l.rel === rel)?.href;

describe('topic feeds', () => {
  const tag = word();
  const name = `zymurgy${tag}ase`;
  const papers: Input[] = [
    {
      published: '2021-05-02',
      authors: ['Ada Lovelace', 'Alan Turing'],
      url: `https://example.org/${tag}/1`,
    },
    { published: '2023-11-20', authors: ['Grace Hopper'] },
    { published: '2019-01-15' },
    { published: '2023-02-01', url: `https://example.org/${tag}/4` },
    {},
  ].map((extra, i) => ({
    id: arxivId(),
    title: `Zymurgy${tag}ase study ${'abcde'[i]}`,
    abstract: `  We measure zymurgy${tag}ase   in setting ${i}.\n Zymurgy${tag}ase is stable.  `,
    ...extra,
  }));
  const newestFirst = [1, 3, 0, 2].map((i) => papers[i] as Input);
  /** The topic's name as the API gives it, what the feed names it by. */
  let shown = '';

  beforeAll(async () => {
    await add(papers);
    const { body } = await gql(app, 'query($n: String!) { topic(name: $n) { name } }', { n: name });
    shown = body.data?.topic.name;
    expect(shown.toLowerCase()).toBe(name);
  });

  it("lists the topic's dated papers newest first, each linked to the paper and to the explorer", async () => {
    const { response, feed } = await readFeed(`/feeds/topics/${encodeURIComponent(name)}.atom`);
    expect(feed.entries.map((e) => e.title)).toEqual(newestFirst.map((p) => p.title));
    expect(feed.title).toBe(`${shown}: newest papers`);
    expect(href(feed.links, 'self')).toBe(`${PUBLIC_URL}/feeds/topics/${name}.atom`);
    expect(href(feed.links, 'alternate')).toBe(`${PUBLIC_URL}/explore#topic=${shown}`);
    expect(feed.updated).toBe('2023-11-20T00:00:00.000Z');
    expect(response.headers.get('last-modified')).toBe(new Date('2023-11-20T00:00:00Z').toUTCString());
    for (const [i, entry] of feed.entries.entries()) {
      const paper = newestFirst[i] as Input;
      expect(entry.published).toBe(`${paper.published}T00:00:00.000Z`);
      expect(entry.updated).toBe(entry.published);
      expect(entry.authors).toEqual(paper.authors ?? []);
      expect(entry.summary).toBe(
        `We measure zymurgy${tag}ase in setting ${papers.indexOf(paper)}. Zymurgy${tag}ase is stable.`,
      );
      const explorer = href(entry.links, 'related') as string;
      expect(explorer).toBe(`${PUBLIC_URL}/explore#paper=${paper.id}`);
      expect(href(entry.links, 'alternate')).toBe(paper.url ?? explorer);
      expect(entry.id).toBe(explorer);
    }
  });

  it('links each entry to an explorer view that opens on its paper', async () => {
    const { feed } = await readFeed(`/feeds/topics/${name}.atom`);
    const entry = feed.entries[1] as Entry;
    const explorer = new URL(href(entry.links, 'related') as string);
    const page = await app.fetch(local(explorer.href));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const { paper } = parseHash(explorer.hash);
    const { body } = await gql(app, 'query($id: ID!) { paper(id: $id) { title } }', { id: paper });
    expect(body.data?.paper).toEqual({ title: entry.title });
  });

  it('finds the topic by any name topic(name:) takes, URL-encoded', async () => {
    const { feed } = await readFeed(`/feeds/topics/${encodeURIComponent(`Zymurgy${tag}ases`)}.atom`);
    expect(feed.entries).toHaveLength(4);
    expect(href(feed.links, 'alternate')).toBe(`${PUBLIC_URL}/explore#topic=${shown}`);
    expect(feed.id).toBe(`${PUBLIC_URL}/feeds/topics/${name}.atom`);
  });

  it('gives the first n entries, and refuses an n that is not 1 to 100', async () => {
    const { feed } = await readFeed(`/feeds/topics/${name}.atom?first=2`);
    expect(feed.entries.map((e) => e.title)).toEqual(newestFirst.slice(0, 2).map((p) => p.title));
    for (const bad of ['0', '101', 'ten', '2.5', '-1', '']) {
      const { response, xml } = await fetchFeed(`/feeds/topics/${name}.atom?first=${bad}`);
      expect(response.status).toBe(400);
      expect(xml).toBe(`first must be a whole number from 1 to 100, not ${JSON.stringify(bad)}\n`);
    }
  });

  it('answers 404 with one line for a name that is no topic', async () => {
    const missing = `nothing ${word()}`;
    const { response, xml } = await fetchFeed(`/feeds/topics/${encodeURIComponent(missing)}.atom`);
    expect(response.status).toBe(404);
    expect(xml).toBe(`no topic is named "${missing}"\n`);
  });

  it('answers 304 to a reader that has this version, and 200 once the feed changed', async () => {
    const path = `/feeds/topics/${name}.atom`;
    const first = await fetchFeed(path);
    const etag = first.response.headers.get('etag') as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetchFeed(path, { headers: { 'if-none-match': `"other", ${etag}` } });
    expect(again.response.status).toBe(304);
    expect(again.xml).toBe('');
    expect(again.response.headers.get('etag')).toBe(etag);

    const head = await fetchFeed(path, { method: 'HEAD' });
    expect(head.response.status).toBe(200);
    expect(head.response.headers.get('etag')).toBe(etag);
    expect(head.xml).toBe('');

    await add([
      {
        id: arxivId(),
        title: `Zymurgy${tag}ase study f`,
        abstract: `Zymurgy${tag}ase again.`,
        published: '2024-06-01',
      },
    ]);
    const changed = await fetchFeed(path, { headers: { 'if-none-match': etag } });
    expect(changed.response.status).toBe(200);
    expect(changed.response.headers.get('etag')).not.toBe(etag);
    expect(changed.xml).toContain(`Zymurgy${tag}ase study f`);
  });

  it('answers other methods with 405', async () => {
    const { response } = await fetchFeed(`/feeds/topics/${name}.atom`, { method: 'POST', body: '' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('the trending feed', () => {
  const tag = word();
  const name = `quokka${tag}ase`;
  const paper = (published: string, i: number): Input => ({
    id: arxivId(),
    title: `Quokka${tag}ase study ${i}`,
    abstract: `We measure quokka${tag}ase in setting ${i}. Quokka${tag}ase is stable.`,
    published,
    authors: [`Author ${tag} ${i}`],
  });
  // the newest papers of the graph: the default period is the 30 days up to 2031-03-20
  const recent = ['2031-03-05', '2031-03-20', '2031-03-11', '2031-03-01'].map(paper);
  const january = paper('2031-01-10', 9);
  const newestFirst = [...recent].sort((a, b) =>
    (b.published as string).localeCompare(a.published as string),
  );

  beforeAll(async () => {
    const before = ['2030-01-10', '2030-04-10', '2030-07-10'].map((published, i) => ({
      id: arxivId(),
      title: `Wombat${tag}ase survey ${i}`,
      abstract: `Wombat${tag}ase in setting ${i}.`,
      published,
    }));
    await add([...before, ...recent, january]);
  });

  it("lists the period's trending papers newest first, each saying which trending topics it is about", async () => {
    const { response, feed } = await readFeed('/feeds/trending.atom');
    const window = { from: '2031-02-19', to: '2031-03-20' };
    const ranked = await new TrendingRepo(db).papers(window, { offset: 0, limit: 100, withCount: false });
    const reasons = new Map(ranked.rows.map((r) => [r.paper.id, r.topics]));
    expect(feed.title).toBe('Trending papers, 2031-02-19 to 2031-03-20');
    expect(feed.entries.map((e) => e.title)).toEqual(newestFirst.map((p) => p.title));
    expect(href(feed.links, 'self')).toBe(`${PUBLIC_URL}/feeds/trending.atom`);
    expect(href(feed.links, 'alternate')).toBe(`${PUBLIC_URL}/explore`);
    expect(feed.id).toBe(`${PUBLIC_URL}/feeds/trending.atom`);
    expect(feed.updated).toBe('2031-03-20T00:00:00.000Z');
    expect(response.headers.get('last-modified')).toBe(new Date('2031-03-20T00:00:00Z').toUTCString());
    for (const [i, entry] of feed.entries.entries()) {
      const p = newestFirst[i] as Input;
      const names = (reasons.get(p.id) ?? []).map((t) => t.topic.name);
      expect(names.some((n) => n.toLowerCase().includes(name))).toBe(true);
      expect(entry.summary.startsWith(`Trending: ${names.join(', ')}. We measure`)).toBe(true);
      expect(entry.summary).toContain(`We measure quokka${tag}ase in setting`);
      expect(entry.authors).toEqual(p.authors);
      expect(href(entry.links, 'related')).toBe(`${PUBLIC_URL}/explore#paper=${p.id}`);
      expect(href(entry.links, 'alternate')).toBe(`${PUBLIC_URL}/explore#paper=${p.id}`);
    }
  });

  it('takes the top n by score, then orders them by date', async () => {
    const window = { from: '2031-02-19', to: '2031-03-20' };
    const top = await new TrendingRepo(db).papers(window, { offset: 0, limit: 2, withCount: false });
    expect(top.rows).toHaveLength(2);
    const expected = top.rows
      .map((r) => r.paper)
      .sort((a, b) => (b.published as string).localeCompare(a.published as string))
      .map((p) => p.title);
    const { feed } = await readFeed('/feeds/trending.atom?first=2');
    expect(feed.entries.map((e) => e.title)).toEqual(expected);
  });

  it('covers the period asked for', async () => {
    const { feed } = await readFeed('/feeds/trending.atom?from=2031-01&to=2031-03');
    expect(feed.title).toBe('Trending papers, 2031-01-01 to 2031-03-31');
    expect(feed.entries.map((e) => e.title)).toEqual([...newestFirst, january].map((p) => p.title));
    expect(feed.id).toBe(`${PUBLIC_URL}/feeds/trending.atom?from=2031-01-01&to=2031-03-31`);
    const { response, xml } = await fetchFeed('/feeds/trending.atom?from=March');
    expect(response.status).toBe(400);
    expect(xml.trim().split('\n')).toHaveLength(1);
    expect(xml).toContain('March');
  });
});
