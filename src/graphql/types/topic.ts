import { loadNested } from '../../db/nested-repo.ts';
import type { TopicRow } from '../../db/rows.ts';
import type { PaperOfTopic, RelatedTopic, TopicPapersOrder, TrendPoint } from '../../db/topics-repo.ts';
import { corpusYears } from '../../db/trending-repo.ts';
import { canonicalKeys } from '../../domain/keys.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { badInput } from '../errors.ts';
import { nestedPage, page } from '../paging.ts';
import { Planner } from '../read-selection.ts';
import { PaperRef, type PaperShape, TopicRef, type TopicShape } from '../refs.ts';
import { mentionEdgeFields } from './mention.ts';

/** The graph's papers per year, read once per request (and cached while the graph is unchanged). */
const yearCounts = (ctx: Context) =>
  ctx.loaders
    .get(
      'corpus.years',
      async () => new Map([['all', await corpusYears(ctx.db)]]),
      () => new Map<number, number>(),
    )
    .load('all');

const TrendPointRef = builder.objectRef<TrendPoint>('TrendPoint').implement({
  description:
    'How many papers mention a topic in one publication year, and what share of the year’s papers that is.',
  fields: (t) => ({
    year: t.exposeInt('year', { description: 'Publication year.' }),
    papers: t.exposeInt('papers', { description: 'Papers of that year that mention the topic.' }),
    corpusPapers: t.int({
      description: 'All papers of that year in the graph.',
      resolve: async (point, _args, ctx) => (await yearCounts(ctx)).get(point.year) ?? 0,
    }),
    share: t.float({
      description:
        'papers / corpusPapers: the share of that year’s papers that mention the topic, for sparklines that corpus growth does not fool.',
      resolve: async (point, _args, ctx) => {
        const all = (await yearCounts(ctx)).get(point.year) ?? 0;
        return all === 0 ? 0 : point.papers / all;
      },
    }),
  }),
});

const TopicPapersOrderEnum = builder.enumType('TopicPapersOrder', {
  description: "How to order a topic's papers.",
  values: {
    SCORE: { description: 'Papers where the topic is most central first.' },
    PUBLISHED: { description: 'Most recently published first; undated papers last.' },
  } as const,
});

const hierarchy = (direction: 'broader' | 'narrower', description: string) =>
  ({
    type: TopicRef,
    description,
    resolve: (
      topic: TopicShape,
      args: Record<string, unknown>,
      ctx: Parameters<typeof nestedPage>[0],
      info: Parameters<typeof nestedPage>[2],
    ) =>
      nestedPage(
        ctx,
        args,
        info,
        {
          name: `topic.${direction}`,
          parent: 'topic',
          parentKey: topic.key,
          prefetched: topic.nested?.[info.path.key],
          plan: () => ({
            kind: direction === 'broader' ? 'topic.broader' : 'topic.narrower',
            topic: new Planner(info).connection(
              direction === 'broader' ? 'TopicBroaderConnection' : 'TopicNarrowerConnection',
              direction === 'broader' ? 'TopicBroaderConnectionEdge' : 'TopicNarrowerConnectionEdge',
            ).topicPlan,
          }),
        },
        (row: TopicRow): TopicShape => row,
      ),
  }) as const;

builder.objectType(TopicRef, {
  description:
    'A concept, merged from every way papers write it (case, plurals, hyphenation, spelling, acronyms).',
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'paperCount' in value,
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The canonical key every variant of the name normalises to.' }),
    name: t.exposeString('name', { description: 'The name to display: the way papers write it most often.' }),
    aliases: t.exposeStringList('aliases', {
      description: 'Other ways papers write the topic, and acronyms defined for it ("SSL", "muP").',
    }),
    otherSenses: t.field({
      type: [TopicRef],
      description:
        'The other topics an acronym of this one stands for, most defined first: "CL" is contrastive, continual or curriculum learning. `topic(name:)` answers an ambiguous acronym with its most used sense.',
      resolve: async (topic, _args, ctx) =>
        topic.otherSenses.length === 0 ? [] : ctx.topics.byKeyList(topic.otherSenses),
    }),
    paperCount: t.exposeInt('paperCount', { description: 'How many papers mention the topic.' }),
    pagerank: t.exposeFloat('pagerank', {
      nullable: true,
      description: 'PageRank in the co-occurrence graph; null until graph analytics have run.',
    }),
    betweenness: t.exposeFloat('betweenness', {
      nullable: true,
      description:
        'Betweenness centrality: how much the topic bridges others; null until analytics have run.',
    }),
    community: t.exposeInt('community', {
      nullable: true,
      description:
        'The community (cluster of co-occurring topics) it belongs to; null until analytics have run.',
    }),
    growth: t.exposeFloat('growth', {
      nullable: true,
      description:
        'How fast the topic grows: its share of papers in the latest two publication years against the corpus’ share (1 = as fast as the corpus); null without dated papers.',
    }),
    papers: t.connection(
      {
        type: PaperRef,
        description: 'Papers that mention the topic.',
        args: {
          orderBy: t.arg({ type: TopicPapersOrderEnum, description: 'SCORE by default.' }),
        },
        resolve: (topic, args, ctx, info) => {
          const order: TopicPapersOrder = args.orderBy ?? 'SCORE';
          return nestedPage(
            ctx,
            args,
            info,
            {
              name: `topic.papers:${order}`,
              parent: 'topic',
              parentKey: topic.key,
              prefetched: topic.nested?.[info.path.key],
              plan: () => ({
                kind: 'topic.papers',
                order,
                paper: new Planner(info).connection('TopicPapersConnection', 'TopicPapersConnectionEdge', [
                  'mentions',
                ]).paperPlan,
                mentions: true,
              }),
            },
            ({ paper, link }: PaperOfTopic): PaperShape => ({ ...paper, edge: { link } }),
          );
        },
      },
      {},
      {
        description: 'A paper that mentions the topic.',
        fields: (e) =>
          mentionEdgeFields(
            e,
            {
              score: 'How central the topic is to this paper, from 0 to 1.',
              mentions: 'Where the paper mentions the topic.',
            },
            (paper: PaperShape) => paper,
          ),
      },
    ),
    related: t.connection(
      {
        type: TopicRef,
        description:
          'Topics that appear in the same papers, the strongest first: frequent and specific partners before generic ones.',
        resolve: (topic, args, ctx, info) =>
          nestedPage(
            ctx,
            args,
            info,
            {
              name: 'topic.related',
              parent: 'topic',
              parentKey: topic.key,
              prefetched: topic.nested?.[info.path.key],
              plan: () => ({
                kind: 'topic.related',
                topic: new Planner(info).connection('TopicRelatedConnection', 'TopicRelatedConnectionEdge')
                  .topicPlan,
              }),
            },
            ({ topic: other, ...cooccurrence }: RelatedTopic): TopicShape => ({
              ...other,
              edge: { cooccurrence },
            }),
          ),
      },
      {},
      {
        description: 'A co-occurring topic and how strongly.',
        fields: (e) => ({
          papers: e.int({
            description: 'Papers that mention both topics.',
            resolve: (edge) => edge.node.edge?.cooccurrence?.papers ?? 0,
          }),
          pmi: e.float({
            description:
              'Pointwise mutual information over the ten most central topics of each paper: log of how much more often they meet than by chance.',
            resolve: (edge) => edge.node.edge?.cooccurrence?.pmi ?? 0,
          }),
          weight: e.float({
            description:
              'How strongly they co-occur, the order of this list: max(pmi, 0) times the papers that have both among their ten most central topics.',
            resolve: (edge) => edge.node.edge?.cooccurrence?.weight ?? 0,
          }),
        }),
      },
    ),
    broader: t.connection(
      hierarchy(
        'broader',
        'More general topics: "hyperparameter transfer" for "zero-shot hyperparameter transfer".',
      ),
    ),
    narrower: t.connection(
      hierarchy(
        'narrower',
        'More specific topics: "zero-shot hyperparameter transfer" for "hyperparameter transfer".',
      ),
    ),
    trend: t.field({
      type: [TrendPointRef],
      description: 'Papers per publication year, oldest first; years without papers are left out.',
      resolve: (topic, _args, ctx, info) => {
        const prefetched = topic.nested?.[info.path.key];
        if (prefetched) return prefetched.entries as TrendPoint[];
        return ctx.loaders
          .get(
            'topic.trend',
            async (keys) =>
              new Map(
                [...(await loadNested<TrendPoint>(ctx.db, 'topic', keys, { kind: 'topic.trend' }))].map(
                  ([key, page]) => [key, page.rows],
                ),
              ),
            (): TrendPoint[] => [],
          )
          .load(topic.key);
      },
    }),
  }),
});

const TopicOrderEnum = builder.enumType('TopicOrder', {
  description: 'How to order topics.',
  values: {
    PAPER_COUNT: { description: 'The most mentioned first.' },
    NAME: { description: 'By canonical key, A to Z.' },
    PAGERANK: { description: 'The most central first (topics analytics have not reached last).' },
    GROWTH: { description: 'The fastest growing first (see `Topic.growth`).' },
  } as const,
});

const TopicsWhere = builder.inputType('TopicsWhere', {
  description: 'Conditions a topic must all meet.',
  fields: (t) => ({
    nameContains: t.string({
      description:
        'Text the canonical key contains (any case; hyphens count as spaces): "network" finds "neural network".',
    }),
    minPapers: t.int({ description: 'At least this many papers mention it.' }),
    community: t.int({ description: 'Belongs to this community (see `Topic.community`).' }),
  }),
});

/** Lower-case, hyphens as spaces, like a topic key, so "Fine-Tun" finds "fine tuning". */
export function keyLike(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[-‐‑–—_]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trimStart();
}

builder.queryFields((t) => ({
  topic: t.field({
    type: TopicRef,
    nullable: true,
    description:
      'A topic by name or acronym, in any case, singular or plural, hyphenated or not, British or American spelling; null when there is none.',
    args: {
      name: t.arg.string({ required: true, description: 'The topic name, e.g. "neural networks" or "SSL".' }),
    },
    resolve: (_root, { name }, ctx, info) => {
      const keys = canonicalKeys(name);
      return keys.length === 0
        ? null
        : ctx.topics.byName(keys, new Planner(info).topic([...info.fieldNodes]));
    },
  }),
  topics: t.connection({
    type: TopicRef,
    description:
      'Topics that meet every condition given, in the order asked (the most mentioned first by default).',
    args: {
      where: t.arg({ type: TopicsWhere, description: 'Filters; all must hold.' }),
      orderBy: t.arg({ type: TopicOrderEnum, description: 'PAPER_COUNT by default.' }),
    },
    resolve: (_root, args, ctx, info) => {
      const where = args.where ?? {};
      if (where.minPapers !== undefined && where.minPapers !== null && where.minPapers < 0) {
        throw badInput('`where.minPapers` must not be negative');
      }
      const needle = where.nameContains ? keyLike(where.nameContains).trim() : null;
      return page(
        args,
        info,
        (request) =>
          ctx.topics.page(
            { nameContains: needle || null, minPapers: where.minPapers, community: where.community },
            args.orderBy ?? 'PAPER_COUNT',
            request,
          ),
        undefined,
        {
          topicPlan: new Planner(info).connection('QueryTopicsConnection', 'QueryTopicsConnectionEdge')
            .topicPlan,
        },
        `topics:${args.orderBy ?? 'PAPER_COUNT'}`,
      );
    },
  }),
  autocomplete: t.connection(
    {
      type: TopicRef,
      description:
        'Topics whose name or acronym starts with the prefix, the most mentioned first: for a search box. Cursors are positions in the list.',
      args: { prefix: t.arg.string({ required: true, description: 'What has been typed so far.' }) },
      resolve: (_root, args, ctx, info) => {
        const prefix = keyLike(args.prefix);
        if (prefix.trim() === '') throw badInput('`prefix` is empty');
        if (prefix.length > 200) throw badInput('`prefix` is longer than 200 characters');
        return page(
          args,
          info,
          (request) => ctx.topics.autocomplete(prefix, request),
          ({ topic, matched }): TopicShape => ({ ...topic, edge: { matched } }),
          {
            topicPlan: new Planner(info).connection(
              'QueryAutocompleteConnection',
              'QueryAutocompleteConnectionEdge',
            ).topicPlan,
          },
        );
      },
    },
    {},
    {
      description: 'A suggestion.',
      fields: (e) => ({
        matched: e.string({
          description: 'The name or acronym that starts with the prefix (show this; the node is the topic).',
          resolve: (edge) => edge.node.edge?.matched ?? edge.node.name,
        }),
      }),
    },
  ),
}));
