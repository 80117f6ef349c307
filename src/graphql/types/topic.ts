import { canonicalKeys } from '../../../ingest/stages/03-normalise.ts';
import type { PaperTopicRow } from '../../db/papers-repo.ts';
import type { TopicPaperRow, TopicRow } from '../../db/topics-repo.ts';
import { builder } from '../builder.ts';
import { offsetPage } from '../paging.ts';
import { MentionRef } from './mention.ts';
import { PaperRef } from './paper.ts';

/** A topic; `link` is set when it is reached from a paper and carries that mention's data. */
export interface TopicShape extends TopicRow {
  link?: Omit<PaperTopicRow, 'topicKey' | 'topicName' | 'topicAliases' | 'paperCount'> & {
    title: string;
    abstract: string;
  };
}

export const TopicRef = builder.loadableNodeRef<TopicShape, string>('Topic', {
  id: { resolve: (t) => t.key },
  load: async (keys, ctx) => {
    const found = new Map((await ctx.topics.byKeyList(keys)).map((t) => [t.key, t]));
    return keys.map((key) => found.get(key) ?? new Error(`no topic with key ${key}`));
  },
});

builder.objectType(TopicRef, {
  description: 'A concept, merged from every way papers write it (case, plurals, hyphenation).',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The canonical key every variant of the name normalises to.' }),
    name: t.exposeString('name', { description: 'The name to display: the way papers write it most often.' }),
    aliases: t.exposeStringList('aliases', {
      description: 'Other ways papers write the topic, and acronyms defined for it ("SSL", "muP").',
    }),
    paperCount: t.exposeInt('paperCount', { description: 'How many papers mention the topic.' }),
    papers: t.connection(
      {
        type: PaperRef,
        description: 'Papers that mention the topic, most relevant first.',
        resolve: (topic, args, ctx) =>
          offsetPage(
            args,
            async (offset, limit) => (await ctx.topics.papers(topic.key, offset, limit)).map(asLinkedPaper),
            async () => topic.paperCount,
          ),
      },
      {},
      {
        description: 'A paper that mentions the topic.',
        fields: (e) => ({
          score: e.float({
            description: 'How central the topic is to this paper, from 0 to 1.',
            resolve: (edge) => edge.node.link?.score ?? 0,
          }),
          mentions: e.field({
            type: [MentionRef],
            description: 'Where the paper mentions the topic.',
            resolve: (edge) =>
              (edge.node.link?.mentions ?? []).map((m) => ({
                ...m,
                source: m.field === 'title' ? edge.node.title : edge.node.abstract,
              })),
          }),
        }),
      },
    ),
  }),
});

function asLinkedPaper(row: TopicPaperRow) {
  return { ...row.paper, link: { score: row.score, count: row.count, mentions: row.mentions } };
}

builder.queryFields((t) => ({
  topic: t.field({
    type: TopicRef,
    nullable: true,
    description:
      'A topic by name or acronym, in any case, singular or plural, hyphenated or not, British or American spelling; null when there is none.',
    args: { name: t.arg.string({ required: true, description: 'The topic name, e.g. "neural networks".' }) },
    resolve: (_root, { name }, ctx) => ctx.topics.byKeys(canonicalKeys(name)),
  }),
  topics: t.connection({
    type: TopicRef,
    description: 'All topics, the most mentioned first.',
    resolve: (_root, args, ctx) =>
      offsetPage(
        args,
        (offset, limit) => ctx.topics.list(offset, limit),
        () => ctx.topics.count(),
      ),
  }),
}));
