import type { MentionSpan, NeighborhoodData, TrendPoint } from './model.ts';

/** An answer's first error, with its `extensions.code`. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export async function graphql<T>(
  endpoint: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('the server cannot be reached', 'NETWORK');
  }
  const body = (await response.json().catch(() => null)) as {
    data?: T;
    errors?: { message: string; extensions?: { code?: string } }[];
  } | null;
  const error = body?.errors?.[0];
  if (error) throw new ApiError(error.message, error.extensions?.code ?? 'ERROR');
  if (!body?.data) throw new ApiError(`the server answered ${response.status}`, 'HTTP');
  return body.data;
}

/**
 * A topic to link to: shown by its name, opened by its key (a display name such as "SSL models" need not
 * resolve back to its topic; the canonical key always does).
 */
export interface TopicRef {
  key: string;
  name: string;
}

export interface Suggestion {
  matched: string;
  key: string;
  name: string;
  paperCount: number;
}

const AUTOCOMPLETE = `query Autocomplete($prefix: String!) {
  autocomplete(prefix: $prefix, first: 8) { edges { matched node { key name paperCount } } }
}`;

export async function autocomplete(endpoint: string, prefix: string): Promise<Suggestion[]> {
  const data = await graphql<{
    autocomplete: { edges: { matched: string; node: { key: string; name: string; paperCount: number } }[] };
  }>(endpoint, AUTOCOMPLETE, { prefix });
  return data.autocomplete.edges.map((e) => ({ matched: e.matched, ...e.node }));
}

const NEIGHBORHOOD = `query Neighborhood($topic: String!, $depth: Int!, $limit: Int!) {
  neighborhood(topic: $topic, depth: $depth, limit: $limit) {
    center { id name }
    nodes { depth topic { id key name paperCount pagerank community } }
    edges { source target weight papers pmi }
  }
}`;

export async function neighborhood(
  endpoint: string,
  topic: string,
  depth: number,
  limit: number,
): Promise<NeighborhoodData> {
  const data = await graphql<{ neighborhood: NeighborhoodData }>(endpoint, NEIGHBORHOOD, {
    topic,
    depth,
    limit,
  });
  return data.neighborhood;
}

export interface PaperSummary {
  id: string;
  paperId: string;
  title: string;
  abstract: string;
  published: string | null;
  authors: string[];
}

export interface TopicDetails {
  id: string;
  key: string;
  name: string;
  aliases: string[];
  paperCount: number;
  pagerank: number | null;
  community: number | null;
  betweenness: number | null;
  growth: number | null;
  trend: TrendPoint[];
  related: { edges: { weight: number; papers: number; node: TopicRef }[] };
  broader: { edges: { node: TopicRef }[] };
  narrower: { edges: { node: TopicRef }[] };
  papers: TopicPapers;
  newest: { edges: { node: { id: string; title: string; published: string | null } }[] };
}

export interface TopicPapers {
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  edges: { score: number; count: number; mentions: MentionSpan[]; node: PaperSummary }[];
}

const TOPIC_PAPERS_FIELDS = `totalCount pageInfo { endCursor hasNextPage }
  edges { score count mentions { field start end } node { id paperId title abstract published authors } }`;

const TOPIC = `query Topic($name: String!) {
  topic(name: $name) {
    id key name aliases paperCount pagerank community betweenness growth
    trend { year papers share }
    related(first: 10) { edges { weight papers node { key name } } }
    broader(first: 5) { edges { node { key name } } }
    narrower(first: 5) { edges { node { key name } } }
    papers(first: 10) { ${TOPIC_PAPERS_FIELDS} }
    newest: papers(first: 5, orderBy: PUBLISHED) { edges { node { id title published } } }
  }
}`;

const MORE_PAPERS = `query TopicPapers($name: String!, $after: String!) {
  topic(name: $name) { papers(first: 10, after: $after) { ${TOPIC_PAPERS_FIELDS} } }
}`;

/** The next page of a topic's papers. */
export async function morePapers(endpoint: string, name: string, after: string): Promise<TopicPapers | null> {
  const data = await graphql<{ topic: { papers: TopicPapers } | null }>(endpoint, MORE_PAPERS, {
    name,
    after,
  });
  return data.topic?.papers ?? null;
}

export async function topic(endpoint: string, name: string): Promise<TopicDetails | null> {
  return (await graphql<{ topic: TopicDetails | null }>(endpoint, TOPIC, { name })).topic;
}

export interface PaperDetails extends PaperSummary {
  url: string | null;
  doi: string | null;
  categories: string[];
  topics: { edges: { score: number; count: number; mentions: MentionSpan[]; node: TopicRef }[] };
  related: {
    edges: {
      score: number;
      sharedTopics: { weight: number; topic: TopicRef }[];
      sharedPhrases: { weight: number; name: string }[];
      textSimilarity: number;
      node: { id: string; title: string; published: string | null };
    }[];
  };
}

const PAPER = `query Paper($id: ID!) {
  paper(id: $id) {
    id paperId title abstract published authors categories url doi
    topics(first: 12) { edges { score count mentions { field start end } node { key name } } }
    related(first: 6) {
      edges { score sharedTopics { weight topic { key name } } sharedPhrases { weight name } textSimilarity node { id title published } }
    }
  }
}`;

export async function paper(endpoint: string, id: string): Promise<PaperDetails | null> {
  return (await graphql<{ paper: PaperDetails | null }>(endpoint, PAPER, { id })).paper;
}

const CENTRAL = `query Central {
  topics(first: 1, orderBy: PAGERANK) { edges { node { key } } }
  communities(first: 8) { edges { node { id label size } } }
}`;

export interface Community {
  id: number;
  label: string;
  size: number;
}

/** The most central topic (to open with) and the largest communities (the legend). */
export async function overview(
  endpoint: string,
): Promise<{ central: string | null; communities: Community[] }> {
  const data = await graphql<{
    topics: { edges: { node: { key: string } }[] };
    communities: { edges: { node: Community }[] };
  }>(endpoint, CENTRAL, {});
  return {
    central: data.topics.edges[0]?.node.key ?? null,
    communities: data.communities.edges.map((e) => e.node),
  };
}

export interface PaperHit {
  id: string;
  title: string;
  published: string | null;
  snippet: string;
}

const SEARCH = `query Search($query: String!) {
  search(query: $query, kinds: [PAPER], first: 10) {
    edges { highlights { field snippet } node { ... on Paper { id title published } } }
  }
}`;

export async function searchPapers(endpoint: string, query: string): Promise<PaperHit[]> {
  const data = await graphql<{
    search: {
      edges: {
        highlights: { field: string; snippet: string }[];
        node: { id?: string; title?: string; published?: string | null };
      }[];
    };
  }>(endpoint, SEARCH, { query });
  return data.search.edges.flatMap((e) =>
    e.node.id && e.node.title
      ? [
          {
            id: e.node.id,
            title: e.node.title,
            published: e.node.published ?? null,
            snippet: e.highlights.find((h) => h.field === 'abstract')?.snippet ?? '',
          },
        ]
      : [],
  );
}

export interface TrendingTopic {
  score: number;
  recentPapers: number;
  earlierPapers: number;
  node: TopicRef & { paperCount: number; trend: TrendPoint[] };
}

export interface Trending {
  year: number | null;
  /** Years that can be compared with the years before them, newest first. */
  years: number[];
  recentPapers: number;
  earlierPapers: number;
  topics: TrendingTopic[];
}

const YEARS = `query Years {
  newest: papers(first: 1, orderBy: NEWEST) { edges { node { year } } }
  oldest: papers(first: 1, orderBy: OLDEST) { edges { node { year } } }
}`;

const TRENDING = `query Trending($from: String!) {
  trendingTopics(from: $from, to: $from, first: 15) {
    window { recentPapers earlierPapers }
    edges { score recentPapers earlierPapers node { key name paperCount trend { year papers share } } }
  }
}`;

/** The rising topics of a year (the newest year with papers when `year` is empty). */
export async function trending(endpoint: string, year: string): Promise<Trending> {
  const span = await graphql<{
    newest: { edges: { node: { year: number | null } }[] };
    oldest: { edges: { node: { year: number | null } }[] };
  }>(endpoint, YEARS, {});
  const last = span.newest.edges[0]?.node.year ?? null;
  const first = span.oldest.edges[0]?.node.year ?? null;
  const years: number[] = [];
  for (let y = last ?? 0; last !== null && first !== null && y > first && years.length < 12; y--)
    years.push(y);
  const chosen = year ? Number(year) : (years[0] ?? null);
  if (chosen === null) return { year: null, years, recentPapers: 0, earlierPapers: 0, topics: [] };
  const data = await graphql<{
    trendingTopics: { window: { recentPapers: number; earlierPapers: number }; edges: TrendingTopic[] };
  }>(endpoint, TRENDING, { from: String(chosen) });
  return { year: chosen, years, ...data.trendingTopics.window, topics: data.trendingTopics.edges };
}
