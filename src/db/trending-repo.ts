import { LRUCache } from 'lru-cache';
import { monthOf, OPEN_END, type TrendWindow, wholeMonths } from '../domain/window.ts';
import {
  BARE_TOPIC,
  FULL_PAPER,
  type PaperPlan,
  paperProjection,
  Statement,
  type TopicPlan,
  toPlannedPaper,
  toPlannedTopic,
  topicProjection,
} from './compile-plan.ts';
import type { Database } from './driver.ts';
import { readRows } from './executor.ts';
import type { Page, PageRequest, PaperRow, TopicRow } from './rows.ts';
import { int, toNumber } from './values.ts';

export type { TrendWindow } from '../domain/window.ts';

export type TrendDirection = 'RISING' | 'DECLINING';

/** How a topic's use in a window compares with its use before it. */
export interface TopicTrend {
  /** Signed root of the log-likelihood ratio G²: about a z-score, positive when the share rose. */
  score: number;
  /** One-sided p-value of that test (χ² with one degree of freedom). */
  pValue: number;
  /** Papers of the window that mention the topic. */
  recentPapers: number;
  /** Papers published before the window that mention it. */
  earlierPapers: number;
  /** The topic's share of the window's papers over its share before, each smoothed by half a paper. */
  ratio: number;
}

export interface TrendingTopicRow extends TopicTrend {
  topic: TopicRow;
}

/** Dated papers inside the window and before it: the denominators of every share. */
export interface WindowTotals {
  recent: number;
  earlier: number;
}

export interface TrendingPaperRow {
  paper: PaperRow;
  /** Σ over its trending topics of the topic's score × how central the topic is to the paper. */
  score: number;
  /** Its trending topics, the biggest contribution first. */
  topics: { topic: TopicRow; score: number; centrality: number }[];
}

export interface TrendOptions {
  direction?: TrendDirection;
  /** Papers a topic needs in the window (rising) or before it (declining) to be ranked at all. */
  minPapers?: number;
}

export const DEFAULT_MIN_PAPERS = 3;
/** Trending papers are ranked by this many of the window's most rising topics. */
const PAPER_TOPICS = 100;
/** Reasons listed per paper. */
const REASONS = 5;

const xlx = (x: string) => `CASE WHEN ${x} > 0 THEN toFloat(${x}) * log(${x}) ELSE 0.0 END`;

/**
 * Dunning's log-likelihood ratio G² of the 2×2 table topic/other × window/before: sound for small counts,
 * where χ² is not, and a test of shares, so a corpus that grows does not make every topic rise. Its root,
 * signed by whether the share rose, is about a z-score under the null of a constant share.
 */
function g2(a: string, b: string, n1: string, n0: string): string {
  const [c, d, n] = [`(${n1} - ${a})`, `(${n0} - ${b})`, `(${n1} + ${n0})`];
  const cells = [a, b, c, d, n].map(xlx).join(' + ');
  const margins = [`(${a} + ${b})`, `(${c} + ${d})`, n1, n0].map(xlx).join(' - ');
  return `2.0 * (${cells} - ${margins})`;
}

/** The same score as the statements compute, for a reader to check a ranking by hand. */
export function signedRootG2(a: number, b: number, n1: number, n0: number): number {
  const xl = (x: number) => (x > 0 ? x * Math.log(x) : 0);
  const [c, d] = [n1 - a, n0 - b];
  const g = 2 * (xl(a) + xl(b) + xl(c) + xl(d) + xl(n1 + n0) - xl(a + b) - xl(c + d) - xl(n1) - xl(n0));
  return (a * n0 >= b * n1 ? 1 : -1) * Math.sqrt(Math.max(g, 0));
}

/** Of the topic's kept monthly timeline (`Topic.trendMonths`, `trendCounts`), the papers of months in a range. */
const monthsSum = (t: string, condition: (m: string) => string) =>
  `reduce(s = 0, i IN range(0, size(${t}.trendMonths) - 1) |
     s + CASE WHEN ${condition(`${t}.trendMonths[i]`)} THEN ${t}.trendCounts[i] ELSE 0 END)`;

const IN_WINDOW = (p: string) => `date($from) <= ${p}.published <= date($to)`;

const ERFC = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587,
  -0.82215223, 0.17087277,
];

/** The complementary error function as Numerical Recipes approximates it (fractional error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + z / 2);
  const poly = ERFC.reduceRight((acc, c) => c + t * acc, 0);
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}

/** One-sided p-value of a score (√G², about standard normal when nothing changed). */
export const pValueOf = (score: number) => erfc(Math.abs(score) / Math.SQRT2) / 2;

export const shareRatio = (a: number, b: number, totals: WindowTotals) =>
  (a + 0.5) / (totals.recent + 0.5) / ((b + 0.5) / (totals.earlier + 0.5));

/**
 * The candidates of a direction with their counts, as `t, a, b` rows. Windows of whole months read the
 * timelines derive keeps on each topic; other days count the papers, which takes longer.
 */
function candidates(window: TrendWindow, direction: TrendDirection): string {
  const months = wholeMonths(window);
  const counted = (condition: string) => `COUNT { (t)<-[:MENTIONS]-(q:Paper) WHERE ${condition} }`;
  // a topic derive has not given a timeline yet (a graph from before timelines) is counted instead
  const timeline = (sum: string, condition: string) =>
    `CASE WHEN t.trendMonths IS NULL THEN ${counted(condition)} ELSE ${sum} END`;
  const before = months
    ? timeline(
        monthsSum('t', (m) => `${m} < $fromMonth`),
        'q.published < date($from)',
      )
    : counted('q.published < date($from)');
  if (direction === 'RISING') {
    // the window's own papers name every topic that can rise: a window is a small part of the graph
    return `MATCH (p:Paper) WHERE ${IN_WINDOW('p')}
            MATCH (p)-[:MENTIONS]->(t:Topic)
            WITH t, count(p) AS a WHERE a >= $minPapers
            WITH t, a, ${before} AS b`;
  }
  const inside = months
    ? timeline(
        monthsSum('t', (m) => `$fromMonth <= ${m} <= $toMonth`),
        IN_WINDOW('q'),
      )
    : counted(IN_WINDOW('q'));
  return `MATCH (t:Topic) WHERE t.paperCount >= $minPapers
          WITH t, ${before} AS b WHERE b >= $minPapers
          WITH t, ${inside} AS a, b`;
}

/** Ranked candidates of a window as `ranked`: [[t, a, b, score]] the highest score first. */
function rankedTopics(window: TrendWindow, direction: TrendDirection): string {
  const sign = direction === 'RISING' ? '' : '-';
  return `CALL () { MATCH (p:Paper) WHERE ${IN_WINDOW('p')} RETURN count(p) AS n1 }
          CALL () { MATCH (p:Paper) WHERE p.published < date($from) RETURN count(p) AS n0 }
          CALL (n0, n1) {
            WITH n0, n1 WHERE n0 > 0 AND n1 > 0
            ${candidates(window, direction)}
            WITH t, a, b, ${g2('a', 'b', 'n1', 'n0')} AS g2
            WITH t, a, b, ${sign}CASE WHEN a * n0 >= b * n1 THEN 1.0 ELSE -1.0 END *
                          sqrt(CASE WHEN g2 > 0 THEN g2 ELSE 0.0 END) AS score
            WHERE score > 0
            ORDER BY score DESC, t.key
            RETURN collect([t, a, b, score]) AS ranked
          }`;
}

function windowParams(window: TrendWindow, minPapers: number) {
  return {
    from: window.from,
    to: window.to,
    fromMonth: int(monthOf(window.from)),
    toMonth: int(window.to === OPEN_END ? 999912 : monthOf(window.to)),
    minPapers: int(minPapers),
  };
}

/** A window's candidates, best first: [key, window papers, earlier papers, signed score]. */
interface Ranking {
  totals: WindowTotals;
  /** How many topics the window ranks; only the first KEPT are kept. */
  total: number;
  ranked: [string, number, number, number][];
}

/** Of a ranking, the part pages can reach (`after` cursors are positions) and the cache holds. */
const KEPT = 2000;

/** A window's papers, best first: [id, score, [[topic key, topic score, centrality]]]. */
type PaperRanking = [string, number, [string, number, number][]][];

/** Dated papers per publication year: [year, papers]. */
type YearCounts = [number, number][];

/**
 * Rankings are the same for every caller until the graph changes: kept per window, and recomputed when a
 * paper is written or deleted or an ingest run finishes (its derived graph with it), at the latest
 * after a minute (analytics refreshing timelines, a deletion's derived graph).
 */
const RANKINGS = new LRUCache<string, { version: string; value: Ranking | PaperRanking | YearCounts }>({
  max: 500,
  ttl: 60_000,
});

/** What changes when the counts behind a ranking can: the newest write, the papers, the newest finished run. */
async function graphVersion(db: Database): Promise<string> {
  const [version] = await readRows(
    db,
    `RETURN toString(COLLECT { MATCH (p:Paper) WHERE p.writtenAt IS NOT NULL
                               RETURN p.writtenAt AS w ORDER BY w DESC LIMIT 1 }[0]) AS written,
            COUNT { (:Paper) } AS papers,
            toString(COLLECT { MATCH (r:IngestRun) WHERE r.finishedAt IS NOT NULL
                               RETURN r.finishedAt AS f ORDER BY f DESC LIMIT 1 }[0]) AS run`,
    {},
    (r) => `${r.get('written')}|${toNumber(r.get('papers'))}|${r.get('run')}`,
  );
  return version ?? '';
}

/** `version`: the graph's, when the caller has just read it (a ranking built on another one). */
async function cached<T extends Ranking | PaperRanking | YearCounts>(
  db: Database,
  key: string,
  compute: () => Promise<T>,
  known?: string,
): Promise<T> {
  const version = known ?? (await graphVersion(db));
  const id = `${db.target}|${db.database}|${key}`;
  const hit = RANKINGS.get(id);
  if (hit && hit.version === version) return hit.value as T;
  const value = await compute();
  RANKINGS.set(id, { version, value });
  return value;
}

/** Dated papers per publication year in the whole graph, the denominators of `TrendPoint.share`. */
export async function corpusYears(db: Database): Promise<Map<number, number>> {
  const counts = await cached(db, 'years', () =>
    readRows(
      db,
      'MATCH (p:Paper) WHERE p.year IS NOT NULL RETURN p.year AS year, count(*) AS papers',
      {},
      (r): [number, number] => [toNumber(r.get('year')), toNumber(r.get('papers'))],
    ),
  );
  return new Map(counts);
}

export class TrendingRepo {
  constructor(private readonly db: Database) {}

  /** Every candidate of a window, ranked; from the cache while the graph has not changed. */
  private ranking(
    window: TrendWindow,
    direction: TrendDirection,
    minPapers: number,
    version?: string,
  ): Promise<Ranking> {
    return cached(
      this.db,
      `topics|${window.from}|${window.to}|${direction}|${minPapers}`,
      async () => {
        const [row] = await readRows(
          this.db,
          `${rankedTopics(window, direction)}
         RETURN n1, n0, size(ranked) AS total, [r IN ranked[0..${KEPT}] | [r[0].key, r[1], r[2], r[3]]] AS ranked`,
          windowParams(window, minPapers),
          (r): Ranking => ({
            totals: { recent: toNumber(r.get('n1')), earlier: toNumber(r.get('n0')) },
            total: toNumber(r.get('total')),
            ranked: (r.get('ranked') as unknown[][]).map(([k, a, b, z]) => [
              String(k),
              toNumber(a),
              toNumber(b),
              toNumber(z),
            ]),
          }),
        );
        return row ?? { totals: { recent: 0, earlier: 0 }, total: 0, ranked: [] };
      },
      version,
    );
  }

  /** Topics ranked by how much more (or less) the window's papers use them than the papers before it. */
  async topics(
    window: TrendWindow,
    options: TrendOptions,
    request: PageRequest,
  ): Promise<Page<TrendingTopicRow> & { totals: WindowTotals }> {
    const plan: TopicPlan = request.topicPlan ?? BARE_TOPIC;
    const direction = options.direction ?? 'RISING';
    const { totals, total, ranked } = await this.ranking(
      window,
      direction,
      options.minPapers ?? DEFAULT_MIN_PAPERS,
    );
    const slice = ranked.slice(request.offset, request.offset + request.limit);
    const topics = await this.topicsByKey(
      slice.map(([key]) => key),
      plan,
    );
    const rows = slice.flatMap(([key, recentPapers, earlierPapers, score]): TrendingTopicRow[] => {
      const topic = topics.get(key);
      if (!topic) return [];
      const z = score * (direction === 'RISING' ? 1 : -1);
      return [
        {
          topic,
          score: z,
          pValue: pValueOf(z),
          recentPapers,
          earlierPapers,
          ratio: shareRatio(recentPapers, earlierPapers, totals),
        },
      ];
    });
    return { rows, totals, total: request.withCount ? total : null };
  }

  private async topicsByKey(keys: string[], plan: TopicPlan): Promise<Map<string, TopicRow>> {
    if (keys.length === 0) return new Map();
    const s = new Statement();
    const rows = await readRows(
      this.db,
      `UNWIND $keys AS key MATCH (t:Topic {key: key}) RETURN ${topicProjection('t', plan, s)} AS t`,
      { ...s.params, keys },
      (r) => toPlannedTopic(r.get('t'), plan),
    );
    return new Map(rows.map((t) => [t.key, t]));
  }

  /** The window's papers ranked by the rising topics they are about, each with those topics. */
  async papers(
    window: TrendWindow,
    request: PageRequest,
    options: { minPapers?: number; reasonPlan?: TopicPlan } = {},
  ): Promise<Page<TrendingPaperRow>> {
    const minPapers = options.minPapers ?? DEFAULT_MIN_PAPERS;
    const paperPlan: PaperPlan = request.paperPlan ?? FULL_PAPER;
    const reasonPlan = options.reasonPlan ?? BARE_TOPIC;
    // one look at the graph's version for both rankings
    const version = await graphVersion(this.db);
    const ranking = await cached(
      this.db,
      `papers|${window.from}|${window.to}|${minPapers}`,
      async () => {
        const { ranked } = await this.ranking(window, 'RISING', minPapers, version);
        const top = ranked.slice(0, PAPER_TOPICS).map(([key, , , z]) => [key, z]);
        if (top.length === 0) return [];
        const [row] = await readRows(
          this.db,
          `UNWIND $top AS r
         MATCH (t:Topic {key: r[0]})<-[m:MENTIONS]-(p:Paper) WHERE ${IN_WINDOW('p')}
         WITH p, t, r[1] AS z, r[1] * m.score AS part, m.score AS centrality ORDER BY part DESC, t.key
         WITH p, sum(part) AS score, collect([t.key, z, centrality])[0..${REASONS}] AS reasons
         ORDER BY score DESC, p.id LIMIT ${KEPT}
         RETURN collect([p.id, score, reasons]) AS papers`,
          { ...windowParams(window, minPapers), top },
          (r) =>
            (r.get('papers') as unknown[][]).map(([id, score, reasons]): PaperRanking[number] => [
              String(id),
              toNumber(score),
              (reasons as unknown[][]).map(([k, z, c]) => [String(k), toNumber(z), toNumber(c)]),
            ]),
        );
        return row ?? [];
      },
      version,
    );
    const slice = ranking.slice(request.offset, request.offset + request.limit);
    const s = new Statement();
    const papers = new Map(
      (
        await readRows(
          this.db,
          `UNWIND $ids AS id MATCH (p:Paper {id: id}) RETURN ${paperProjection('p', paperPlan, s)} AS p`,
          { ...s.params, ids: slice.map(([id]) => id) },
          (r) => toPlannedPaper(r.get('p'), paperPlan),
        )
      ).map((p) => [p.id, p]),
    );
    const topics = await this.topicsByKey(
      [...new Set(slice.flatMap(([, , why]) => why.map(([k]) => k)))],
      reasonPlan,
    );
    const rows = slice.flatMap(([id, score, why]): TrendingPaperRow[] => {
      const paper = papers.get(id);
      if (!paper) return [];
      const reasons = why.flatMap(([key, z, centrality]) => {
        const topic = topics.get(key);
        return topic ? [{ topic, score: z, centrality }] : [];
      });
      return [{ paper, score, topics: reasons }];
    });
    return { rows, total: request.withCount ? ranking.length : null };
  }
}
