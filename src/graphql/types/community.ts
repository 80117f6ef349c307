import { type CommunityRow, communitiesPage } from '../../db/topics-repo.ts';
import { builder } from '../builder.ts';
import { page } from '../paging.ts';
import { TopicRef, type TopicShape } from '../refs.ts';

const CommunityRef = builder.objectRef<CommunityRow>('Community').implement({
  description:
    'A cluster of concepts that appear together (Louvain on the graph of the concepts papers use together), named by the concepts that name its area. Computed by `npm run analytics`.',
  fields: (t) => ({
    id: t.exposeInt('id', {
      description: 'Its number; 0 is the largest. `topics(where: {community})` lists its topics.',
    }),
    size: t.exposeInt('size', { description: 'How many topics it holds.' }),
    label: t.exposeString('label', {
      description:
        'The names of up to three topics that name its area: central (PageRank), its own (most of their links inside it) and specific, each after the first used with the first.',
    }),
    topTopics: t.field({
      type: [TopicRef],
      description: 'Its five most central topics (by PageRank), the most central first.',
      // every community's topics in one batched statement
      resolve: async (c, _args, ctx) =>
        (await TopicRef.getDataloader(ctx).loadMany(c.top)).filter(
          (x): x is TopicShape => x !== null && !(x instanceof Error),
        ),
    }),
  }),
});

builder.queryFields((t) => ({
  communities: t.connection({
    type: CommunityRef,
    description:
      'Communities of the topic graph, the largest first; empty until analytics have run. Cursors are positions (analytics rewrite the communities whole).',
    resolve: (_root, args, ctx, info) => page(args, info, (request) => communitiesPage(ctx.db, request)),
  }),
}));
