import type { SourceItem } from '../../src/domain/record.ts';
import { parseArxivAtom } from './arxiv-atom.ts';

export const ARXIV_API_URL = 'http://export.arxiv.org/api/query';

export interface ArxivQueryOptions {
  query: string;
  max: number;
  baseUrl?: string;
  pageSize?: number;
  /** arXiv asks for 3 s between requests. */
  delayMs?: number;
  retries?: number;
  log?: (line: string) => void;
  fetchImpl?: typeof fetch;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Pages through the arXiv API politely: one request at a time, a pause between them, retries with backoff. */
export async function* fetchArxiv(options: ArxivQueryOptions): AsyncGenerator<SourceItem> {
  const base = options.baseUrl ?? process.env.ARXIV_API_URL ?? ARXIV_API_URL;
  const pageSize = Math.min(options.pageSize ?? 100, options.max);
  const delay = options.delayMs ?? 3000;
  const retries = options.retries ?? 4;
  const doFetch = options.fetchImpl ?? fetch;
  let start = 0;
  let first = true;
  while (start < options.max) {
    const size = Math.min(pageSize, options.max - start);
    const url = `${base}?${new URLSearchParams({
      search_query: options.query,
      start: String(start),
      max_results: String(size),
      sortBy: 'submittedDate',
      sortOrder: 'descending',
    })}`;
    let xml: string | undefined;
    for (let attempt = 0; xml === undefined; attempt++) {
      if (!first) await sleep(attempt === 0 ? delay : delay * 2 ** attempt);
      first = false;
      try {
        const response = await doFetch(url, { headers: { 'user-agent': 'paper-topic-graph/0.1 (ingest)' } });
        if (response.ok) xml = await response.text();
        else if (response.status < 500 && response.status !== 429) {
          throw new Error(`arXiv API answered ${response.status} for ${url}`);
        } else if (attempt >= retries)
          throw new Error(`arXiv API answered ${response.status} ${retries + 1} times`);
        else options.log?.(`arXiv API answered ${response.status}; retrying`);
      } catch (error) {
        if (attempt >= retries || /answered 4/.test((error as Error).message)) throw error;
        options.log?.(`arXiv API request failed (${(error as Error).message}); retrying`);
      }
    }
    const { items, total } = parseArxivAtom(xml, url, start);
    yield* items;
    const entries = items.length;
    start += size;
    if (entries < size || (total !== undefined && start >= total)) break;
  }
}
