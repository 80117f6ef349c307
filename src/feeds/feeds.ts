import { BARE_TOPIC, FULL_PAPER, type TopicPlan } from '../db/compile-plan.ts';
import type { Database } from '../db/driver.ts';
import { PapersRepo } from '../db/papers-repo.ts';
import type { PaperRow } from '../db/rows.ts';
import { TopicsRepo } from '../db/topics-repo.ts';
import { TrendingRepo } from '../db/trending-repo.ts';
import { canonicalKeys } from '../domain/keys.ts';
import { parseWindow, type TrendWindow } from '../domain/window.ts';
import { EXPLORER_PATH } from '../explorer/serve.ts';
import { type AtomEntry, type AtomFeed, trimmedAbstract } from './atom.ts';
import { TRENDING_PATH, topicFeedPath } from './paths.ts';

/** Days of the trending feed's default period, the last day (the newest paper's) included. */
export const TRENDING_DAYS = 30;
const SITE = 'Paper–topic graph';

/** What the feeds show, read from the graph; `self` is the address the feed was asked for. */
export interface FeedReader {
  topic(name: string, first: number, self: string): Promise<AtomFeed | null>;
  trending(
    period: { from: string | null; to: string | null },
    first: number,
    self: string,
  ): Promise<AtomFeed>;
}

/** The explorer's address of a paper or topic, as its own hash state writes it. */
export const explorerUrl = (publicUrl: string, state: { paper: string } | { topic: string }) =>
  `${publicUrl}${EXPLORER_PATH}#${new URLSearchParams(state).toString()}`;

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

const addDays = (iso: string, days: number) => {
  const d = day(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

type DatedPaper = PaperRow & { published: string };
const dated = (paper: PaperRow): paper is DatedPaper => paper.published !== null;

export class GraphFeeds implements FeedReader {
  private readonly topics: TopicsRepo;
  private readonly papers: PapersRepo;
  private readonly trendingRepo: TrendingRepo;

  constructor(
    db: Database,
    private readonly publicUrl: string,
  ) {
    this.topics = new TopicsRepo(db);
    this.papers = new PapersRepo(db);
    this.trendingRepo = new TrendingRepo(db);
  }

  private entry(paper: DatedPaper, summary: string, categories: AtomEntry['categories']): AtomEntry {
    const explorer = explorerUrl(this.publicUrl, { paper: paper.id });
    return {
      id: explorer,
      title: paper.title.replace(/\s+/g, ' ').trim(),
      published: day(paper.published),
      updated: day(paper.published),
      authors: paper.authors,
      summary,
      alternate: paper.url ?? explorer,
      related: explorer,
      categories,
    };
  }

  /** A feed is as new as its newest entry; an empty one has not changed since the epoch, as far as it can tell. */
  private feed(parts: Omit<AtomFeed, 'updated' | 'author'>): AtomFeed {
    const updated = new Date(Math.max(0, ...parts.entries.map((e) => e.updated.getTime())));
    return { ...parts, updated, author: { name: SITE, uri: this.publicUrl } };
  }

  /** The topic's newest dated papers, or null when the name is no topic. */
  async topic(name: string, first: number, self: string): Promise<AtomFeed | null> {
    // the topic and its page of papers in one statement: the nested list Topic.papers(orderBy: PUBLISHED) plans
    const plan: TopicPlan = {
      ...BARE_TOPIC,
      nested: {
        papers: {
          kind: 'topic.papers',
          order: 'PUBLISHED',
          paper: FULL_PAPER,
          mentions: false,
          counts: false,
          offset: 0,
          limit: first,
          withCount: false,
        },
      },
    };
    const topic = await this.topics.byName(canonicalKeys(name), plan);
    if (!topic) return null;
    const listed = (topic.nested?.papers?.entries ?? []) as { paper: PaperRow }[];
    // undated papers sort last and have no date to give an entry
    const papers = listed.map((e) => e.paper).filter(dated);
    const label = { term: topic.key, label: topic.name };
    return this.feed({
      id: `${this.publicUrl}${topicFeedPath(topic.key)}`,
      title: `${topic.name}: newest papers`,
      subtitle: `The latest papers that mention ${topic.name}`,
      self,
      alternate: explorerUrl(this.publicUrl, { topic: topic.name }),
      entries: papers.map((p) => this.entry(p, trimmedAbstract(p.abstract), [label])),
    });
  }

  /**
   * The period's top trending papers by score, newest first. The period is `from`–`to` when given,
   * else the TRENDING_DAYS up to `to`, or up to the newest paper in the graph.
   */
  async trending(
    period: { from: string | null; to: string | null },
    first: number,
    self: string,
  ): Promise<AtomFeed> {
    const window = await this.window(period);
    const rows = window
      ? (
          await this.trendingRepo.papers(window, {
            offset: 0,
            limit: first,
            withCount: false,
            paperPlan: FULL_PAPER,
          })
        ).rows
      : [];
    const ranked = rows
      .filter((r): r is typeof r & { paper: DatedPaper } => dated(r.paper))
      .sort((a, b) => b.paper.published.localeCompare(a.paper.published) || b.score - a.score);
    const openEnded = period.from !== null && period.to === null;
    // a period asked for is a feed of its own; the default one moves with the graph but stays one feed
    let asked: Record<string, string> | null = null;
    if (window && (period.from !== null || period.to !== null)) {
      asked = openEnded ? { from: window.from } : { from: window.from, to: window.to };
    }
    return this.feed({
      id: `${this.publicUrl}${TRENDING_PATH}${asked ? `?${new URLSearchParams(asked)}` : ''}`,
      title: !window
        ? 'Trending papers'
        : openEnded
          ? `Trending papers since ${window.from}`
          : `Trending papers, ${window.from} to ${window.to}`,
      subtitle: 'Papers about the topics that rose most in the period against the papers before it',
      self,
      alternate: `${this.publicUrl}${EXPLORER_PATH}`,
      entries: ranked.map(({ paper, topics }) => {
        const names = topics.map((t) => t.topic.name);
        const about = names.length > 0 ? `Trending: ${names.join(', ')}. ` : '';
        return this.entry(
          paper,
          `${about}${trimmedAbstract(paper.abstract)}`.trim(),
          topics.map((t) => ({ term: t.topic.key, label: t.topic.name })),
        );
      }),
    });
  }

  private async window(period: { from: string | null; to: string | null }): Promise<TrendWindow | null> {
    if (period.from !== null) return parseWindow(period.from, period.to);
    const to =
      period.to !== null ? parseWindow(period.to, period.to).to : await this.papers.newestPublished();
    return to === null ? null : { from: addDays(to, 1 - TRENDING_DAYS), to };
  }
}
