import {
  type CommunityWrite,
  conceptKeys,
  relatedPaperConcepts,
  streamCoOccurrences,
  streamPaperConcepts,
  streamSimilarities,
  topicInfo,
  writeCommunities,
  writePaperMetrics,
  writeTopicMetrics,
} from '../db/analytics-repo.ts';
import { allTopicKeys, computeGrowth, corpusRecency } from '../db/derived-graph-repo.ts';
import type { Database } from '../db/driver.ts';
import {
  addEdge,
  betweenness,
  communities,
  namingTopics,
  newGraph,
  pageranks,
  renumberBySize,
  type WeightedGraph,
} from './compute.ts';

export interface AnalyticsOptions {
  /** Sources sampled for betweenness. */
  betweennessSamples?: number;
  onStep?: (step: string, detail: string) => void;
}

export interface AnalyticsSummary {
  computedAt: string;
  topics: { nodes: number; edges: number; communities: number };
  papers: { nodes: number; edges: number; communities: number };
  /** Milliseconds per step. */
  timings: Record<string, number>;
}

const TOP_PER_COMMUNITY = 5;
/** The termhood of a topic the lexicon does not rate (mostly long, specific names). */
const UNRATED = 0.5;
/** A paper's best concepts that link in the topic graph. */
const CONCEPTS_PER_PAPER = 10;
const TIMELINE_CHUNK = 2000;

/**
 * Every topic's growth and monthly timeline (what trending reads). Ingest keeps them for the topics it
 * touches; the recent window growth is measured against moves for all of them as papers arrive.
 */
export async function refreshTimelines(db: Database): Promise<number> {
  const recency = await corpusRecency(db);
  if (!recency) return 0;
  const keys = await allTopicKeys(db);
  for (let i = 0; i < keys.length; i += TIMELINE_CHUNK) {
    await computeGrowth(db, keys.slice(i, i + TIMELINE_CHUNK), recency);
  }
  return keys.length;
}

/**
 * load (one streamed query per graph) → PageRank → Louvain → betweenness → degree → label communities
 * by their most central topics → write back, stamped with `computedAt` → every topic's growth and timeline.
 */
export async function runAnalytics(db: Database, options: AnalyticsOptions = {}): Promise<AnalyticsSummary> {
  const step = options.onStep ?? (() => {});
  const timings: Record<string, number> = {};
  let last = performance.now();
  const lap = (name: string, detail = '') => {
    const now = performance.now();
    timings[name] = Math.round(now - last);
    last = now;
    step(name, `${detail}${detail ? ', ' : ''}${(timings[name] / 1000).toFixed(1)} s`);
  };
  const computedAt = new Date().toISOString();

  // every concept in two or more papers, linked to the others among its papers' best concepts, each
  // paper adding one to the weights of its concepts' links in all (a paper of many concepts is no stronger)
  const topics: WeightedGraph = newGraph();
  for (const key of await conceptKeys(db)) topics.mergeNode(key);
  await streamPaperConcepts(db, CONCEPTS_PER_PAPER, (keys) => {
    const share = 2 / (keys.length * (keys.length - 1));
    for (let i = 0; i < keys.length; i++)
      for (let j = i + 1; j < keys.length; j++)
        addEdge(topics, keys[i] as string, keys[j] as string, share, 'sum');
  });
  const stored: WeightedGraph = newGraph();
  await streamCoOccurrences(db, (e) => e.weight > 0 && addEdge(stored, e.source, e.target, e.weight));
  lap('load topics', `${topics.order} topics, ${topics.size} links; ${stored.size} co-occurrences`);
  const rank = pageranks(topics);
  lap('pagerank');
  const community = communities(topics);
  // a concept whose papers hold no other concept joins the community most concepts of its related papers
  // are in: "cloak" beside metamaterials, not a community of one
  const alone = topics.filterNodes((key) => topics.degree(key) === 0);
  for (const [key, near] of await relatedPaperConcepts(db, alone)) {
    const votes = new Map<number, number>();
    for (const other of near) {
      const c = community[other];
      if (c !== undefined && topics.degree(other) > 0) votes.set(c, (votes.get(c) ?? 0) + 1);
    }
    const best = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    if (best) community[key] = best[0];
  }
  renumberBySize(community);
  const communityCount = new Set(Object.values(community)).size;
  lap('louvain', `${communityCount} communities`);
  const between = betweenness(topics, options.betweennessSamples ?? 256);
  lap('betweenness');

  const rows = topics.nodes().map((key) => ({
    key,
    pagerank: rank[key] ?? 0,
    community: community[key] ?? 0,
    betweenness: between[key] ?? 0,
    // degree counts what the API lists as related topics: the stored co-occurrences
    degree: stored.hasNode(key) ? stored.degree(key) : 0,
  }));
  const byCommunity = new Map<number, { key: string; pagerank: number }[]>();
  for (const r of rows) {
    const members = byCommunity.get(r.community) ?? [];
    members.push(r);
    byCommunity.set(r.community, members);
  }
  const tops = new Map<number, string[]>();
  for (const [id, members] of byCommunity) {
    members.sort((a, b) => b.pagerank - a.pagerank || a.key.localeCompare(b.key));
    tops.set(
      id,
      members.slice(0, TOP_PER_COMMUNITY).map((m) => m.key),
    );
  }
  // the lexicon loads with the first analytics run, not with the server that may start one
  const { termhood } = await import('../../ingest/model/concepts.ts');
  const naming = new Map(
    [...byCommunity.entries()].map(([id, members]) => [
      id,
      namingTopics(
        topics,
        community,
        rank,
        members.map((m) => m.key),
        3,
        // how much the corpora use the words as a term, squared so that a generic hub does not outrank
        // the terms of its area: "numerical simulations" (0.53) names no area where "shear flow" (0.8) does
        (key) => (termhood(key) ?? UNRATED) ** 2,
      ),
    ]),
  );
  const names = new Map(
    (await topicInfo(db, [...new Set([...[...tops.values()].flat(), ...[...naming.values()].flat()])])).map(
      (t) => [t.key, t.name],
    ),
  );
  const labelled: CommunityWrite[] = [...byCommunity.entries()].map(([id, members]) => ({
    id,
    size: members.length,
    top: tops.get(id) ?? [],
    label: (naming.get(id) ?? []).map((k) => names.get(k) ?? k).join(' · '),
  }));
  await writeTopicMetrics(db, rows, computedAt);
  await writeCommunities(db, labelled, computedAt);
  lap('write topics', `${rows.length} topics, ${labelled.length} communities`);

  const papers: WeightedGraph = newGraph();
  await streamSimilarities(db, (e) => e.weight > 0 && addEdge(papers, e.source, e.target, e.weight));
  const paperRank = pageranks(papers);
  const paperCommunity = communities(papers);
  await writePaperMetrics(
    db,
    papers.nodes().map((id) => ({ id, pagerank: paperRank[id] ?? 0, community: paperCommunity[id] ?? 0 })),
    computedAt,
  );
  lap('papers', `${papers.order} papers, ${papers.size} similarities`);

  lap('timelines', `${await refreshTimelines(db)} topics`);
  return {
    computedAt,
    topics: {
      nodes: topics.order,
      edges: topics.size,
      communities: communityCount,
    },
    papers: {
      nodes: papers.order,
      edges: papers.size,
      communities: new Set(Object.values(paperCommunity)).size,
    },
    timings,
  };
}
