import type { LinkRow, PaperRow, TopicRow } from '../db/rows.ts';
import type { SearchHit } from '../db/search-repo.ts';
import type { RelatedTopic } from '../db/topics-repo.ts';
import type { TopicTrend } from '../db/trending-repo.ts';
import { builder } from './builder.ts';
import type { PaperText } from './types/mention.ts';

/**
 * The two node types every other type links to, in one module: each type's file implements its own and
 * imports the other's from here, so neither file needs the other at load time.
 */

/** A topic; `edge` carries what the edge that reached it says (a mention, a co-occurrence, a match). */
export interface TopicShape extends TopicRow {
  edge?: {
    link?: LinkRow;
    text?: PaperText;
    cooccurrence?: Omit<RelatedTopic, 'topic'>;
    matched?: string;
    score?: number;
    hit?: { hit: SearchHit; terms: string[] };
    trend?: TopicTrend;
  };
}

export const TopicRef = builder.loadableNodeRef<TopicShape, string>('Topic', {
  id: { resolve: (t) => t.key },
  load: (keys, ctx) => ctx.topics.byKeyList(keys),
  toKey: (t) => t.key,
  sort: true,
});

/** A paper; `edge` carries what the edge that reached it says (a mention, a similarity, a search hit). */
export interface PaperShape extends PaperRow {
  edge?: {
    link?: LinkRow;
    score?: number;
    shared?: { topic: TopicRow; weight: number }[];
    phrases?: { name: string; weight: number }[];
    text?: number;
    reasons?: { topic: TopicRow; score: number; centrality: number }[];
    hit?: { hit: SearchHit; terms: string[] };
  };
}

export const PaperRef = builder.loadableNodeRef<PaperShape, string>('Paper', {
  id: { resolve: (p) => p.id },
  // sorted by id: an id of no paper loads as null, which `node` and `nodes` answer as the Relay spec says
  load: (ids, ctx) => ctx.papers.byIds(ids),
  toKey: (p) => p.id,
  sort: true,
});
