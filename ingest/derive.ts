import {
  aliasCandidates,
  clearCoOccurrence,
  computeCoOccurrence,
  computeGrowth,
  computeHierarchy,
  computeSimilarity,
  computeVectorNorms,
  corpusRecency,
  finishCoOccurrence,
  markDerived,
  refreshConcepts,
  refreshNames,
  resolveAliases,
  type SimilarityOptions,
  serverCosines,
  similarityOptions,
  streamSimilarityInputs,
  topicsEndingWithNew,
  totalPapers,
  writeSimilarity,
} from '../src/db/derived-graph-repo.ts';
import type { Database } from '../src/db/driver.ts';
import { countCreatedTopics } from '../src/db/ingest-repo.ts';
import { broaderCandidates } from './hierarchy.ts';
import {
  type DotProduct,
  dotProductOf,
  dotProductProbes,
  type PaperSimilarity,
  SimilarityGraph,
} from './similarity.ts';

export interface Touched {
  runId: string;
  topics: string[];
  papers: string[];
}

const CHUNK = 500;

export interface DeriveOptions {
  /**
   * Every paper of the graph is new and has no SIMILAR_TO yet (a bulk load): similarity is computed in
   * this process over the whole graph, read once, instead of by a statement per chunk of papers.
   */
  wholeGraph?: boolean;
}

/** Relationships written per transaction when similarity computed here is stored. */
const SIMILAR_BATCH = 5000;

async function inChunks<T>(items: T[], size: number, fn: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await fn(items.slice(i, i + size));
}

/** Recomputes aliases, names, co-occurrence, similarity and hierarchy for what one run touched, once. */
export async function deriveGraph(
  db: Database,
  touched: Touched,
  onStep: (step: string, ms: number) => void = () => {},
  options: DeriveOptions = {},
): Promise<void> {
  const started = performance.now();
  // steps overlap, so each reports when it finished, counted from the start of the derivation
  const step = (name: string) => onStep(name, performance.now() - started);
  if (touched.topics.length === 0 && touched.papers.length === 0) return;
  const total = await totalPapers(db);
  // statements lock topics and papers in the order of their lists: sorted, two runs deriving at once take
  // the same locks in the same order, and deadlock less
  const topics = [...touched.topics].sort();
  const papers = [...touched.papers].sort();
  const shortKeys = (await aliasCandidates(db, papers, topics)).sort();
  await inChunks(shortKeys, CHUNK, (keys) => resolveAliases(db, keys));
  await inChunks([...new Set([...topics, ...shortKeys])].sort(), CHUNK, (keys) => refreshConcepts(db, keys));
  step('concepts');

  const co = { total, topK: 10, minPapers: total < 5000 ? 1 : 2 };
  const similarity = similarityOptions(total);
  // Two streams side by side on Neo4j's cores, each about half the work: names, similarity (papers) and
  // growth; co-occurrence then hierarchy (topic pairs). Lock waits between them are retried by the driver.
  await Promise.all([
    (async () => {
      await inChunks(topics, CHUNK, (keys) => refreshNames(db, keys));
      step('names');
      // in memory only where this process adds up text cosines exactly as the server does
      const probes = options.wholeGraph ? dotProductProbes() : [];
      const dotProduct = options.wholeGraph ? dotProductOf(probes, await serverCosines(db, probes)) : null;
      if (dotProduct) await similarityInMemory(db, total, similarity, dotProduct);
      else {
        await inChunks(papers, CHUNK, (ids) => computeVectorNorms(db, ids, similarity));
        await inChunks(papers, CHUNK, (ids) => computeSimilarity(db, ids, similarity));
      }
      step('similarity');
      const recency = await corpusRecency(db);
      // acronyms resolved above moved mentions between topics: their timelines change too
      const timed = [...new Set([...topics, ...shortKeys])].sort();
      if (recency) await inChunks(timed, CHUNK * 2, (keys) => computeGrowth(db, keys, recency));
      step('growth');
    })(),
    (async () => {
      await inChunks(topics, CHUNK, (keys) => clearCoOccurrence(db, keys));
      await inChunks(topics, CHUNK, (keys) => computeCoOccurrence(db, keys, co));
      await inChunks(topics, CHUNK * 4, (keys) => finishCoOccurrence(db, keys));
      step('cooccurrence');
      // the run's topics, and older ones a new topic may now be broader than, by the same rules
      const created = await countCreatedTopics(db, touched.runId);
      const below = created > 0 && created < total ? await topicsEndingWithNew(db, touched.runId) : [];
      const narrower = [...new Set([...topics, ...below])].filter((key) => key.includes(' ')).sort();
      await inChunks(narrower, CHUNK, (keys) =>
        computeHierarchy(
          db,
          keys.map((key) => ({ key, broader: broaderCandidates(key) })),
        ),
      );
      step('hierarchy');
    })(),
  ]);
  await inChunks(papers, CHUNK * 4, (ids) => markDerived(db, ids));
}

async function similarityInMemory(
  db: Database,
  total: number,
  options: SimilarityOptions,
  dotProduct: DotProduct,
): Promise<void> {
  const graph = new SimilarityGraph();
  await streamSimilarityInputs(db, {
    paper: (id, vector) => graph.addPaper(id, vector),
    phrase: (key, paperCount, isTopic) => graph.addPhrase(key, paperCount, isTopic),
    mention: (id, key, count) => graph.addMention(id, key, count),
  });
  let batch: PaperSimilarity[] = [];
  let relationships = 0;
  for (const row of graph.compute(total, options, dotProduct)) {
    batch.push(row);
    relationships += row.similar.length + 1;
    if (relationships >= SIMILAR_BATCH) {
      await writeSimilarity(db, batch);
      batch = [];
      relationships = 0;
    }
  }
  if (batch.length > 0) await writeSimilarity(db, batch);
}
