import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { DatabaseAuthError, DatabaseUnavailableError, QueryTimeoutError } from '../db/errors.ts';
import { WindowError } from '../domain/window.ts';
import type { ExpensiveOperations } from '../graphql/rate-limit.ts';
import { atomXml } from './atom.ts';
import type { FeedReader } from './feeds.ts';
import { FEEDS_PATH, TRENDING_PATH } from './paths.ts';

export const DEFAULT_FEED_ENTRIES = 30;
export const MAX_FEED_ENTRIES = 100;

const TOPIC_FEED = new RegExp(`^${FEEDS_PATH}/topics/([^/]+)\\.atom$`);

/** A request the feeds cannot answer, said in one line with its HTTP status. */
class FeedRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function entriesWanted(url: URL): number {
  const raw = url.searchParams.get('first');
  if (raw === null) return DEFAULT_FEED_ENTRIES;
  const n = /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= 1 && n <= MAX_FEED_ENTRIES)) {
    throw new FeedRequestError(
      400,
      `first must be a whole number from 1 to ${MAX_FEED_ENTRIES}, not ${JSON.stringify(raw)}`,
    );
  }
  return n;
}

function topicName(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new FeedRequestError(400, `the topic in the address is not URL-encoded text: ${encoded}`);
  }
}

/** Whether If-None-Match names the ETag (weak comparison, as RFC 9110 asks for GET and HEAD). */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

function statusOf(error: unknown): FeedRequestError | null {
  if (error instanceof FeedRequestError) return error;
  // what is wrong with the trending feed's `from` or `to`
  if (error instanceof WindowError) return new FeedRequestError(400, error.message);
  if (
    error instanceof DatabaseUnavailableError ||
    error instanceof DatabaseAuthError ||
    error instanceof QueryTimeoutError
  ) {
    return new FeedRequestError(503, 'the graph cannot be read right now; try again shortly');
  }
  return null;
}

async function spend(expensive: ExpensiveOperations, client: string): Promise<void> {
  try {
    await expensive.spend(client, 2, 'a trending feed of its own period');
  } catch (error) {
    const retry = (error as { extensions?: { retryAfterSeconds?: number } }).extensions?.retryAfterSeconds;
    if (retry === undefined) throw error;
    throw new FeedRequestError(429, `${(error as Error).message}`, { 'retry-after': String(retry) });
  }
}

/**
 * Atom feeds beside the GraphQL endpoint: `/feeds/trending.atom` and `/feeds/topics/<name>.atom`, with
 * ETags for conditional GETs. Every other path passes through.
 */
export function useFeeds(feeds: FeedReader, publicUrl: string, expensive?: ExpensiveOperations): Plugin {
  return {
    // synchronous for every other path: an async hook would cost each GraphQL request a promise
    onRequest: ({ url, request, endResponse, fetchAPI, serverContext }) => {
      if (!url.pathname.startsWith(`${FEEDS_PATH}/`)) return undefined;
      const topic = TOPIC_FEED.exec(url.pathname)?.[1];
      if (url.pathname !== TRENDING_PATH && topic === undefined) return undefined;
      const text = (status: number, body: string, headers: Record<string, string> = {}) =>
        new fetchAPI.Response(`${body}\n`, {
          status,
          headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
        });
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(text(405, 'feeds are read with GET or HEAD', { allow: 'GET, HEAD' }));
        return undefined;
      }
      const self = `${publicUrl}${url.pathname}${url.search}`;
      const build = async () => {
        const first = entriesWanted(url);
        if (topic === undefined) {
          const period = { from: url.searchParams.get('from'), to: url.searchParams.get('to') };
          // a period of one's own is ranked anew (the default one is shared): it costs like trendingPapers
          if (expensive && (period.from !== null || period.to !== null)) {
            const peer = (serverContext as { req?: IncomingMessage } | undefined)?.req?.socket?.remoteAddress;
            await spend(expensive, `ip:${peer ?? 'local'}`);
          }
          return feeds.trending(period, first, self);
        }
        const name = topicName(topic);
        const feed = await feeds.topic(name, first, self);
        if (!feed) throw new FeedRequestError(404, `no topic is named ${JSON.stringify(name)}`);
        return feed;
      };
      return build().then(
        (feed) => {
          const xml = atomXml(feed);
          const etag = `"${createHash('sha256').update(xml).digest('base64url').slice(0, 27)}"`;
          const headers = {
            'content-type': 'application/atom+xml; charset=utf-8',
            etag,
            'last-modified': feed.updated.toUTCString(),
            'cache-control': 'no-cache',
            'x-content-type-options': 'nosniff',
          };
          if (matchesEtag(request.headers.get('if-none-match'), etag)) {
            endResponse(new fetchAPI.Response(null, { status: 304, headers }));
            return;
          }
          endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : xml, { headers }));
        },
        (error: unknown) => {
          const known = statusOf(error);
          if (!known) throw error;
          endResponse(text(known.status, known.message, known.headers));
        },
      );
    },
  };
}
