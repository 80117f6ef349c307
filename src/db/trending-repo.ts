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

/** Of the topic's kept monthly timeline (`Topic.trendMonths`, `trendCounts`), the papers of months in a range. */
const monthsSum = (t: string, condition: (m: string) => string) =>
  `reduce(s = 0, i IN range(0, size(coalesce(${t}.trendMonths, [])) - 1) |
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
  const before = months
    ? monthsSum('t', (m) => `${m} < $fromMonth`)
    : 'COUNT { (t)<-[:MENTIONS]-(q:Paper) WHERE q.published < date($from) }';
  if (direction === 'RISING') {
    // the window's own papers name every topic that can rise: a window is a small part of the graph
    return `MATCH (p:Paper) WHERE ${IN_WINDOW('p')}
            MATCH (p)-[:MENTIONS]->(t:Topic)
            WITH t, count(p) AS a WHERE a >= $minPapers
            WITH t, a, ${before} AS b`;
  }
  const inside = months
    ? monthsSum('t', (m) => `$fromMonth <= ${m} <= $toMonth`)
    : `COUNT { (t)<-[:MENTIONS]-(q:Paper) WHERE ${IN_WINDOW('q')} }`;
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

export class TrendingRepo {
  constructor(private readonly db: Database) {}

  /** Topics ranked by how much more (or less) the window's papers use them than the papers before it. */
  async topics(
    window: TrendWindow,
    options: TrendOptions,
    request: PageRequest,
  ): Promise<Page<TrendingTopicRow> & { totals: WindowTotals }> {
    const s = new Statement();
    const plan: TopicPlan = request.topicPlan ?? BARE_TOPIC;
    const direction = options.direction ?? 'RISING';
    const [row] = await readRows(
      this.db,
      `${rankedTopics(window, direction)}
       CALL (ranked) {
         UNWIND ranked[$offset..$offset + $limit] AS r
         WITH r, r[0] AS t
         RETURN collect([${topicProjection('t', plan, s)}, r[1], r[2], r[3]]) AS page
       }
       RETURN n1, n0, size(ranked) AS total, page`,
      {
        ...s.params,
        ...windowParams(window, options.minPapers ?? DEFAULT_MIN_PAPERS),
        offset: int(request.offset),
        limit: int(request.limit),
      },
      (r) => {
        const totals = { recent: toNumber(r.get('n1')), earlier: toNumber(r.get('n0')) };
        const rows = (r.get('page') as unknown[][]).map(([t, a, b, score]): TrendingTopicRow => {
          const recentPapers = toNumber(a);
          const earlierPapers = toNumber(b);
          const z = toNumber(score) * (direction === 'RISING' ? 1 : -1);
          return {
            topic: toPlannedTopic(t, plan),
            score: z,
            pValue: pValueOf(z),
            recentPapers,
            earlierPapers,
            ratio: shareRatio(recentPapers, earlierPapers, totals),
          };
        });
        return { rows, totals, total: request.withCount ? toNumber(r.get('total')) : null };
      },
    );
    return row ?? { rows: [], total: 0, totals: { recent: 0, earlier: 0 } };
  }

  /** The window's papers ranked by the rising topics they are about, each with those topics. */
  async papers(
    window: TrendWindow,
    request: PageRequest,
    options: { minPapers?: number; reasonPlan?: TopicPlan } = {},
  ): Promise<Page<TrendingPaperRow>> {
    const s = new Statement();
    const paperPlan: PaperPlan = request.paperPlan ?? FULL_PAPER;
    const reasonPlan = options.reasonPlan ?? BARE_TOPIC;
    const [row] = await readRows(
      this.db,
      `${rankedTopics(window, 'RISING')}
       CALL (ranked) {
         UNWIND ranked[0..${PAPER_TOPICS}] AS r
         WITH r[0] AS t, r[3] AS z
         MATCH (t)<-[m:MENTIONS]-(p:Paper) WHERE ${IN_WINDOW('p')}
         WITH p, t, z, z * m.score AS part, m.score AS centrality ORDER BY part DESC, t.key
         WITH p, sum(part) AS score, collect([t, z, centrality])[0..${REASONS}] AS reasons
         ORDER BY score DESC, p.id
         RETURN collect([p, score, reasons]) AS papers
       }
       CALL (papers) {
         UNWIND papers[$offset..$offset + $limit] AS e
         WITH e, e[0] AS p
         CALL (e) {
           UNWIND e[2] AS x
           WITH x, x[0] AS t
           RETURN collect([${topicProjection('t', reasonPlan, s)}, x[1], x[2]]) AS reasons
         }
         RETURN collect([${paperProjection('p', paperPlan, s)}, e[1], reasons]) AS page
       }
       RETURN size(papers) AS total, page`,
      {
        ...s.params,
        ...windowParams(window, options.minPapers ?? DEFAULT_MIN_PAPERS),
        offset: int(request.offset),
        limit: int(request.limit),
      },
      (r) => ({
        rows: (r.get('page') as unknown[][]).map(([p, score, reasons]) => ({
          paper: toPlannedPaper(p, paperPlan),
          score: toNumber(score),
          topics: (reasons as unknown[][]).map(([t, z, centrality]) => ({
            topic: toPlannedTopic(t, reasonPlan),
            score: toNumber(z),
            centrality: toNumber(centrality),
          })),
        })),
        total: request.withCount ? toNumber(r.get('total')) : null,
      }),
    );
    return row ?? { rows: [], total: 0 };
  }
}
