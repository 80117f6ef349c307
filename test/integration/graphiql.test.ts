import type { Server } from 'node:http';
import type { GraphQLNamedType } from 'graphql';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/files.ts';
import { type App, createApp } from '../../src/app.ts';
import type { Database } from '../../src/db/driver.ts';
import { DEFAULT_QUERY } from '../../src/graphql/default-query.ts';
import { schema } from '../../src/graphql/schema.ts';
import { close, listen } from '../../src/server.ts';
import { launchChromium } from '../support/browser.ts';
import { openTestDatabase, resetGraph } from '../support/db.ts';
import { gql } from '../support/graphql.ts';

let db: Database;
let app: App;
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  db = await openTestDatabase();
  await resetGraph(db);
  await ingestFile(db, 'seeds/trending-papers.txt', { workers: 0 });
  app = createApp(db, { logging: false });
  server = await listen(app, 0, '127.0.0.1');
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (server) await close(server);
  await db?.close();
});

/** Monaco draws spaces as no-break spaces. */
const screenText = (s: string | null) => (s ?? '').replace(/\u00a0/g, ' ');

describe('GraphiQL at /graphql', () => {
  it('runs the default query and shows the docs with nothing loaded from another host', async () => {
    const { body } = await gql(app, DEFAULT_QUERY);
    expect(body.errors).toBeUndefined();
    const papers = (body.data as any).papers;
    expect(papers.totalCount).toBeGreaterThan(0);
    const firstTopic = papers.edges[0].node.topics.edges[0].node.name as string;

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    const foreign: string[] = [];
    // every request of the page and its workers passes here; any other host is refused
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requests.push(url);
      if (new URL(url).origin === base) return route.continue();
      foreign.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });

    const response = await page.goto(`${base}/graphql`);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'sha256-[\w+/=]+';/);
    const etag = response?.headers().etag ?? '';
    const again = await app.fetch(`${base}/graphql`, {
      headers: { accept: 'text/html', 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    const editor = page.locator('.graphiql-query-editor .view-lines');
    await editor.waitFor();
    await page.waitForFunction(
      (first) =>
        document
          .querySelector('.graphiql-query-editor .view-lines')
          ?.textContent?.replace(/\u00a0/g, ' ')
          .includes(first),
      'The papers of the graph',
    );
    expect(screenText(await editor.textContent())).toContain('papers(first: 5) {');

    await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();
    const result = page.locator('.graphiql-response .view-lines');
    await page.waitForFunction(() =>
      document.querySelector('.graphiql-response .view-lines')?.textContent?.includes('totalCount'),
    );
    const shown = screenText(await result.textContent());
    expect(shown).toContain(`"totalCount": ${papers.totalCount},`);
    expect(shown).toContain(`"name": "${firstTopic}",`);

    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.locator('.graphiql-doc-explorer-type-name', { hasText: /^Topic$/ }).click();
    await expect.poll(() => page.locator('.graphiql-doc-explorer-title').textContent()).toBe('Topic');
    const description = (schema.getType('Topic') as GraphQLNamedType).description ?? '';
    expect(description.length).toBeGreaterThan(10);
    expect(
      (
        await page
          .locator('.graphiql-doc-explorer-content .graphiql-markdown-description')
          .first()
          .textContent()
      )?.trim(),
    ).toBe(description);

    expect(foreign).toEqual([]);
    expect(requests.length).toBeGreaterThan(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
