import type { WindowTotals } from '../../db/trending-repo.ts';
import { parseWindow, type TrendWindow, WindowError, wholeMonths } from '../../domain/window.ts';
import { builder } from '../builder.ts';
import { badInput } from '../errors.ts';
import { page } from '../paging.ts';
import { Planner } from '../read-selection.ts';
import { PaperRef, type PaperShape, TopicRef, type TopicShape } from '../refs.ts';

const TrendDirectionEnum = builder.enumType('TrendDirection', {
  description: 'Which way a topic’s share of papers moved.',
  values: {
    RISING: { description: 'Used more by the window’s papers than by the papers before it.' },
    DECLINING: { description: 'Used less by the window’s papers than by the papers before it.' },
  } as const,
});

const TrendWindowRef = builder.objectRef<TrendWindow & WindowTotals>('TrendWindow').implement({
  description: 'The publication dates a trend compares, and how many dated papers fall on each side.',
  fields: (t) => ({
    from: t.exposeString('from', { description: 'First day of the window (YYYY-MM-DD).' }),
    to: t.string({
      nullable: true,
      description: 'Last day of the window; null when it is open (every paper from `from` on).',
      resolve: (w) => (w.to.startsWith('9999') ? null : w.to),
    }),
    recentPapers: t.exposeInt('recent', { description: 'Dated papers published in the window.' }),
    earlierPapers: t.exposeInt('earlier', { description: 'Dated papers published before it.' }),
  }),
});

const TrendReasonRef = builder
  .objectRef<{ topic: TopicShape; score: number; centrality: number }>('TrendReason')
  .implement({
    description: 'A rising topic a trending paper is about.',
    fields: (t) => ({
      topic: t.field({ type: TopicRef, description: 'The rising topic.', resolve: (r) => r.topic }),
      score: t.exposeFloat('score', { description: 'The topic’s trend score (see `trendingTopics`).' }),
      centrality: t.exposeFloat('centrality', {
        description: 'How central the topic is to the paper, from 0 to 1.',
      }),
    }),
  });

const windowOf = (from: string, to: string | null | undefined): TrendWindow => {
  try {
    return parseWindow(from, to);
  } catch (error) {
    if (error instanceof WindowError) throw badInput(error.message, { argumentName: error.argument });
    throw error;
  }
};

function minPapersOf(value: number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (value < 2 || value > 10_000) {
    throw badInput('`minPapers` must be between 2 and 10000: one paper is no trend', {
      argumentName: 'minPapers',
    });
  }
  return value;
}

const WINDOW_ARGS = 'YYYY, YYYY-MM or YYYY-MM-DD';

builder.queryFields((t) => ({
  trendingTopics: t.connection(
    {
      type: TopicRef,
      description: `Topics ranked by how much more (RISING, the default) or less (DECLINING) the papers published in [from, to] use them than the papers published before \`from\`. The score is the signed root of Dunning's log-likelihood ratio G² for the topic's share of papers in the window against its share before: about a z-score, sound for small counts, and a share, so corpus growth alone makes nothing rise. A topic needs \`minPapers\` papers in the window (rising) or before it (declining). Windows of whole months answer from timelines ingest keeps; other dates count papers and cost more. Rankings are kept until the graph changes. Cursors are positions in the ranking; pages reach its first 2,000 topics.`,
      args: {
        from: t.arg.string({ required: true, description: `First day of the window: ${WINDOW_ARGS}.` }),
        to: t.arg.string({
          description: `Last day of the window (${WINDOW_ARGS}; "2024" is through 31 December); open when absent.`,
        }),
        direction: t.arg({ type: TrendDirectionEnum, description: 'RISING by default.' }),
        minPapers: t.arg.int({ description: 'Minimum support, at least 2; 3 by default.' }),
      },
      resolve: async (_root, args, ctx, info) => {
        const window = windowOf(args.from, args.to);
        const minPapers = minPapersOf(args.minPapers);
        const direction = args.direction ?? 'RISING';
        if (!wholeMonths(window)) await ctx.expensive.spend(ctx.client, 2, 'trendingTopics by day');
        let totals: WindowTotals = { recent: 0, earlier: 0 };
        const connection = await page(
          args,
          info,
          async (request) => {
            const result = await ctx.trending.topics(window, { direction, minPapers }, request);
            totals = result.totals;
            return result;
          },
          ({ topic, ...trend }): TopicShape => ({ ...topic, edge: { trend } }),
          {
            topicPlan: new Planner(info).connection(
              'QueryTrendingTopicsConnection',
              'QueryTrendingTopicsConnectionEdge',
            ).topicPlan,
          },
        );
        return { ...connection, window: { ...window, ...totals } };
      },
    },
    {
      fields: (c) => ({
        window: c.field({
          type: TrendWindowRef,
          description: 'The window compared, and its paper counts.',
          resolve: (connection) => (connection as unknown as { window: TrendWindow & WindowTotals }).window,
        }),
      }),
    },
    {
      description: 'A trending topic and the evidence.',
      fields: (e) => ({
        score: e.float({
          description: 'Signed √G²: positive when the share rose, larger the surer and bigger the change.',
          resolve: (edge) => edge.node.edge?.trend?.score ?? 0,
        }),
        pValue: e.float({
          description: 'One-sided p-value of the G² test (χ², one degree of freedom).',
          resolve: (edge) => edge.node.edge?.trend?.pValue ?? 1,
        }),
        recentPapers: e.int({
          description: 'Papers of the window that mention the topic.',
          resolve: (edge) => edge.node.edge?.trend?.recentPapers ?? 0,
        }),
        earlierPapers: e.int({
          description: 'Papers published before the window that mention the topic.',
          resolve: (edge) => edge.node.edge?.trend?.earlierPapers ?? 0,
        }),
        ratio: e.float({
          description:
            'Its share of the window’s papers over its share before (each smoothed by half a paper).',
          resolve: (edge) => edge.node.edge?.trend?.ratio ?? 1,
        }),
      }),
    },
  ),
  trendingPapers: t.connection(
    {
      type: PaperRef,
      description:
        'Papers published in [from, to], ranked by the rising topics they are about (the 100 best of `trendingTopics` for the window): the sum of each topic’s score times how central it is to the paper. Cursors are positions in the ranking, which holds at most the 2,000 best papers.',
      args: {
        from: t.arg.string({ required: true, description: `First day of the window: ${WINDOW_ARGS}.` }),
        to: t.arg.string({ description: `Last day of the window (${WINDOW_ARGS}); open when absent.` }),
        minPapers: t.arg.int({ description: 'Minimum support of the topics, at least 2; 3 by default.' }),
      },
      resolve: async (_root, args, ctx, info) => {
        const window = windowOf(args.from, args.to);
        const minPapers = minPapersOf(args.minPapers);
        if (!wholeMonths(window)) await ctx.expensive.spend(ctx.client, 2, 'trendingPapers by day');
        const planner = new Planner(info);
        const { paperPlan } = planner.connection(
          'QueryTrendingPapersConnection',
          'QueryTrendingPapersConnectionEdge',
        );
        return page(
          args,
          info,
          (request) => ctx.trending.papers(window, request, { minPapers }),
          ({ paper, score, topics }): PaperShape => ({ ...paper, edge: { score, reasons: topics } }),
          { paperPlan },
        );
      },
    },
    {},
    {
      description: 'A trending paper and why.',
      fields: (e) => ({
        score: e.float({
          description: 'Σ of its rising topics’ scores times their centrality in the paper.',
          resolve: (edge) => edge.node.edge?.score ?? 0,
        }),
        reasons: e.field({
          type: [TrendReasonRef],
          description: 'Its rising topics, the biggest contribution first (at most five).',
          resolve: (edge) => edge.node.edge?.reasons ?? [],
        }),
      }),
    },
  ),
}));
