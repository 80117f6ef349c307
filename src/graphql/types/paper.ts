import { decodeGlobalID } from '@pothos/plugin-relay';
import type { MentionRow, PaperRow } from '../../db/papers-repo.ts';
import { builder } from '../builder.ts';
import { offsetPage } from '../paging.ts';
import { MentionRef } from './mention.ts';
import { TopicRef } from './topic.ts';

/** A paper; `link` is set when it is reached from a topic and carries that mention's data. */
export interface PaperShape extends PaperRow {
  link?: { score: number; count: number; mentions: MentionRow[] };
}

export const PaperRef = builder.loadableNodeRef<PaperShape, string>('Paper', {
  id: { resolve: (p) => p.id },
  load: async (ids, ctx) => {
    const found = new Map((await ctx.papers.byIds(ids)).map((p) => [p.id, p]));
    return ids.map((id) => found.get(id) ?? new Error(`no paper with id ${id}`));
  },
});

builder.objectType(PaperRef, {
  description: 'A research paper and the topics its title and abstract mention.',
  fields: (t) => ({
    paperId: t.exposeString('id', {
      description: "The paper's own id: its arXiv id, else its DOI, else a stable id derived from the title.",
    }),
    title: t.exposeString('title', { description: 'The title as published.' }),
    abstract: t.exposeString('abstract', {
      description: 'The abstract as published; mention offsets point into it.',
    }),
    topics: t.connection(
      {
        type: TopicRef,
        description: "The paper's topics, the most central first.",
        resolve: (paper, args, ctx) =>
          offsetPage(
            args,
            async (offset, limit) =>
              (await ctx.papers.topics(paper.id, offset, limit)).map((row) => ({
                key: row.topicKey,
                name: row.topicName,
                aliases: row.topicAliases,
                paperCount: row.paperCount,
                link: {
                  score: row.score,
                  count: row.count,
                  mentions: row.mentions,
                  title: paper.title,
                  abstract: paper.abstract,
                },
              })),
            () => ctx.papers.topicCount(paper.id),
          ),
      },
      {},
      {
        description: 'A topic the paper mentions.',
        fields: (e) => ({
          score: e.float({
            description: 'How central the topic is to the paper, from 0 to 1.',
            resolve: (edge) => edge.node.link?.score ?? 0,
          }),
          count: e.int({
            description: 'How many times the paper mentions the topic.',
            resolve: (edge) => edge.node.link?.count ?? 0,
          }),
          mentions: e.field({
            type: [MentionRef],
            description: 'Each place the topic occurs, in the title and in the abstract.',
            resolve: (edge) => {
              const link = edge.node.link;
              if (!link) return [];
              return link.mentions.map((m) => ({
                ...m,
                source: m.field === 'title' ? link.title : link.abstract,
              }));
            },
          }),
        }),
      },
    ),
  }),
});

/** Accepts a global id ("UGFwZXI6…") or the paper's own id ("2106.09685", "t-3f…"). */
function ownId(id: string): string {
  try {
    const decoded = decodeGlobalID(id);
    if (decoded.typename === 'Paper') return decoded.id;
  } catch {
    // not a global id
  }
  return id;
}

builder.queryFields((t) => ({
  paper: t.field({
    type: PaperRef,
    nullable: true,
    description: 'A paper by its global id or by its own id; null when there is none.',
    args: {
      id: t.arg.id({ required: true, description: 'A global id, an arXiv id, a DOI or a stable id.' }),
    },
    resolve: (_root, { id }, ctx) => ctx.papers.byId(ownId(String(id))),
  }),
  papers: t.connection({
    type: PaperRef,
    description: 'All papers, in the order they were added.',
    resolve: (_root, args, ctx) =>
      offsetPage(
        args,
        (offset, limit) => ctx.papers.list(offset, limit),
        () => ctx.papers.count(),
      ),
  }),
}));
