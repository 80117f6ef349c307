import { randomUUID } from 'node:crypto';
import { DigestRepo, type NewPaperRow } from '../db/digest-repo.ts';
import type { Database } from '../db/driver.ts';
import type { TrendingPaperRow, TrendingRepo } from '../db/trending-repo.ts';
import { unsubscribeLink } from '../follow/service.ts';
import type { Delivery, Mailer } from '../mail/mailer.ts';
import { type DigestEntry, digestMessage } from '../mail/messages.ts';

/** Where the trending papers of the period come from: `TrendingRepo`, or anything that answers alike. */
export type TrendingSource = Pick<TrendingRepo, 'papers'>;

export const FOLLOWED_PER_DIGEST = 50;
export const TRENDING_PER_DIGEST = 10;

export interface DigestOptions {
  /** The period: papers added in the last `sinceMs` milliseconds. */
  sinceMs: number;
  /** The period in words ("the last 24 hours"). */
  period: string;
  now?: Date;
  /** Send through `mailer` but record nothing. */
  dryRun: boolean;
  mailer: Mailer;
  publicUrl: string;
  trending: TrendingSource;
  log?: (line: string) => void;
}

export interface DigestSummary {
  /** Confirmed followers. */
  followers: number;
  messages: number;
  /** Distinct papers listed across all messages. */
  papers: number;
  /** Followers whose message could not be sent (each logged). */
  failed: number;
  /** The .eml files written, when the mailer writes files. */
  files: string[];
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function because(row: NewPaperRow): string {
  return row.reasons.map((r) => `${r.kind}: ${r.name}`).join('; ');
}

function trendingBecause(row: TrendingPaperRow): string {
  const topics = row.topics.slice(0, 3).map((t) => t.topic.name);
  return `trending, score ${row.score.toFixed(2)}${topics.length > 0 ? `: ${topics.join(', ')}` : ''}`;
}

/**
 * One message per confirmed follower with what is new to it: the papers added in the period on what it
 * follows, and the period's trending papers, less every paper an earlier digest sent it. A follower with
 * nothing new gets nothing; what each message listed is recorded (unless a dry run), so a rerun sends
 * nothing twice.
 */
/** The trending section looks at the papers published in at least this many days. */
export const TRENDING_DAYS = 30;
const DAY = 24 * 60 * 60 * 1000;

export async function runDigest(db: Database, options: DigestOptions): Promise<DigestSummary> {
  const log = options.log ?? (() => {});
  const repo = new DigestRepo(db);
  const now = (options.now ?? new Date()).getTime();
  const since = now - options.sinceMs;
  const date = isoDate(now);
  // papers come out over weeks before a topic's rise shows: a day of them rarely ranks anything
  const trendingFrom = Math.min(since, now - TRENDING_DAYS * DAY);
  const trending = (
    await options.trending.papers(
      { from: isoDate(trendingFrom), to: date },
      { offset: 0, limit: TRENDING_PER_DIGEST, withCount: false },
    )
  ).rows;
  const recipients = await repo.recipients();
  const summary: DigestSummary = {
    followers: recipients.length,
    messages: 0,
    papers: 0,
    failed: 0,
    files: [],
  };
  const listed = new Set<string>();
  for (const r of recipients) {
    const followed = await repo.newPapers(r.id, since, FOLLOWED_PER_DIGEST);
    const followedIds = new Set(followed.map((f) => f.paper.id));
    const candidates = trending.filter((t) => !followedIds.has(t.paper.id));
    const unsent = new Set(
      await repo.unsent(
        r.id,
        candidates.map((t) => t.paper.id),
      ),
    );
    const fresh = candidates.filter((t) => unsent.has(t.paper.id));
    if (followed.length === 0 && fresh.length === 0) continue;
    const message = digestMessage({
      to: r.email,
      period: options.period,
      date,
      followed: followed.map((f): DigestEntry => ({ paper: f.paper, because: because(f) })),
      trending: fresh.map((t): DigestEntry => ({ paper: t.paper, because: trendingBecause(t) })),
      following: [
        ...r.topics.map((n) => `topic: ${n}`),
        ...r.authors.map((n) => `author: ${n}`),
        ...r.searches.map((n) => `search: ${n}`),
      ],
      unsubscribeUrl: unsubscribeLink(options.publicUrl, { id: r.id, manageSecret: r.manageSecret }),
    });
    let delivery: Delivery;
    try {
      delivery = await options.mailer.send(message);
    } catch (error) {
      summary.failed += 1;
      log(`could not send the digest to ${r.email}: ${(error as Error).message}`);
      continue;
    }
    if (delivery.file) summary.files.push(delivery.file);
    if (!options.dryRun) {
      await repo.record(r.id, {
        id: randomUUID(),
        messageId: delivery.messageId,
        since,
        papers: [
          ...followed.map((f) => ({ id: f.paper.id, section: 'followed' as const })),
          ...fresh.map((t) => ({ id: t.paper.id, section: 'trending' as const })),
        ],
      });
    }
    summary.messages += 1;
    for (const id of [...followedIds, ...fresh.map((t) => t.paper.id)]) listed.add(id);
  }
  summary.papers = listed.size;
  return summary;
}
