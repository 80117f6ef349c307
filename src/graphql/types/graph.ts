import { encodeGlobalID } from '@pothos/plugin-relay';
import type { GraphNode, GraphPath, Neighborhood, PathStep } from '../../db/graph-repo.ts';
import type { TopicRow } from '../../db/rows.ts';
import { canonicalKeys } from '../../domain/keys.ts';
import { builder } from '../builder.ts';
import { badInput, notFound } from '../errors.ts';
import { nodeRef, topicGlobalId } from '../ids.ts';
import { Planner } from '../read-selection.ts';
import { type PaperShape, TopicRef, type TopicShape } from '../refs.ts';

const label = (n: GraphNode) => (n.kind === 'paper' ? `paper “${n.paper.title}”` : `topic “${n.topic.name}”`);
const asShape = (n: GraphNode): PaperShape | TopicShape => (n.kind === 'paper' ? n.paper : n.topic);

const RelationEnum = builder.enumType('Relation', {
  description: 'The kinds of relationship a path can follow.',
  values: {
    MENTIONS: { description: 'A paper mentions a topic.' },
    CO_OCCURS: { description: 'Two topics appear in the same papers.' },
    SIMILAR_TO: {
      description: 'Two papers share specific topics or key phrases, and their wording is alike.',
    },
    NARROWER: { description: 'A topic is a more specific form of another.' },
  } as const,
});

interface StepShape {
  step: PathStep;
  nodes: GraphNode[];
}

function describe({ step, nodes }: StepShape): string {
  const from = nodes[step.from];
  const to = nodes[step.to];
  if (!from || !to) return step.type;
  const p = step.properties;
  switch (step.type) {
    case 'MENTIONS':
      return `${label(from)} mentions ${label(to)}${p.score === undefined ? '' : ` (score ${p.score.toFixed(2)})`}`;
    case 'CO_OCCURS':
      return `${label(from)} and ${label(to)} appear together in ${p.papers ?? 0} paper${p.papers === 1 ? '' : 's'}`;
    case 'SIMILAR_TO':
      return `${label(from)} is similar to ${label(to)}${p.score === undefined ? '' : ` (score ${p.score.toFixed(2)})`}`;
    case 'NARROWER':
      return `${label(to)} is a narrower form of ${label(from)}`;
  }
}

const PathStepRef = builder.objectRef<StepShape>('PathStep').implement({
  description: 'One relationship of a path, in the direction it is stored.',
  fields: (t) => ({
    relation: t.field({
      type: RelationEnum,
      description: 'What kind of relationship.',
      resolve: (s) => s.step.type,
    }),
    from: t.field({
      type: builder.nodeInterfaceRef(),
      description: 'Where the relationship starts.',
      resolve: (s) => asShape(s.nodes[s.step.from] as GraphNode),
    }),
    to: t.field({
      type: builder.nodeInterfaceRef(),
      description: 'Where the relationship ends.',
      resolve: (s) => asShape(s.nodes[s.step.to] as GraphNode),
    }),
    weight: t.float({
      nullable: true,
      description: 'Its strength: the mention score, the similarity score or the number of shared papers.',
      resolve: (s) => s.step.properties.score ?? s.step.properties.papers ?? null,
    }),
    description: t.string({ description: 'The step in words.', resolve: describe }),
  }),
});

const PathRef = builder.objectRef<GraphPath>('Path').implement({
  description:
    'How two papers or topics are connected: the nodes in order and the relationships between them.',
  fields: (t) => ({
    length: t.int({ description: 'Number of relationships.', resolve: (p) => p.steps.length }),
    nodes: t.field({
      type: [builder.nodeInterfaceRef()],
      description: 'From the first node asked for to the second.',
      resolve: (p) => p.nodes.map(asShape),
    }),
    steps: t.field({
      type: [PathStepRef],
      description: 'steps[i] joins nodes[i] and nodes[i + 1].',
      resolve: (p) => p.steps.map((step) => ({ step, nodes: p.nodes })),
    }),
  }),
});

const NeighborhoodNodeRef = builder
  .objectRef<{ topic: TopicRow; depth: number; center: string }>('NeighborhoodNode')
  .implement({
    description: 'A topic of a neighbourhood.',
    fields: (t) => ({
      id: t.id({
        description:
          'Unique to this node: the centre, the depth and the topic (a topic is at another depth around another centre). Edges refer to topics by `topic.id`.',
        // a normalising cache merges objects by id: the topic's own id would carry one neighbourhood's
        // depth into another's
        resolve: (n) => encodeGlobalID('NeighborhoodNode', JSON.stringify([n.center, n.depth, n.topic.key])),
      }),
      depth: t.exposeInt('depth', { description: 'Hops from the centre (0 is the centre).' }),
      topic: t.field({ type: TopicRef, description: 'The topic.', resolve: (n) => n.topic }),
    }),
  });

const NeighborhoodEdgeRef = builder.objectRef<Neighborhood['edges'][number]>('NeighborhoodEdge').implement({
  description: 'A co-occurrence between two topics of a neighbourhood.',
  fields: (t) => ({
    source: t.id({
      description: 'Global id of one topic (`topic.id` of a node).',
      resolve: (e) => topicGlobalId(e.source),
    }),
    target: t.id({ description: 'Global id of the other.', resolve: (e) => topicGlobalId(e.target) }),
    papers: t.exposeInt('papers', { description: 'Papers that mention both.' }),
    pmi: t.exposeFloat('pmi', {
      description: 'Pointwise mutual information over the ten most central topics of each paper.',
    }),
    weight: t.exposeFloat('weight', {
      description:
        'max(pmi, 0) times the papers that have both among their ten most central topics: draw the edge this thick.',
    }),
  }),
});

const NeighborhoodRef = builder.objectRef<Neighborhood & { center: TopicRow }>('Neighborhood').implement({
  description: 'A topic and the topics around it in the co-occurrence graph, as nodes and edges to draw.',
  fields: (t) => ({
    center: t.field({ type: TopicRef, description: 'The topic asked for.', resolve: (n) => n.center }),
    nodes: t.field({
      type: [NeighborhoodNodeRef],
      description: 'The centre first, then by hop.',
      resolve: (n) => n.nodes.map((node) => ({ ...node, center: n.center.key })),
    }),
    edges: t.field({
      type: [NeighborhoodEdgeRef],
      description: 'Every co-occurrence among the nodes.',
      resolve: (n) => n.edges,
    }),
  }),
});

export const MAX_NEIGHBORHOOD = 500;

builder.queryFields((t) => ({
  explain: t.field({
    type: PathRef,
    nullable: true,
    description:
      'Why two papers or topics are related: the shortest path between them through mentions, co-occurrence, similarity and the topic hierarchy (at most 8 steps); null when there is none.',
    args: {
      from: t.arg.id({
        required: true,
        description: 'A global id of a paper or topic, or a paper’s own id.',
      }),
      to: t.arg.id({ required: true, description: 'A global id of a paper or topic, or a paper’s own id.' }),
    },
    resolve: async (_root, args, ctx) => {
      const from = nodeRef(String(args.from), 'from');
      const to = nodeRef(String(args.to), 'to');
      await ctx.expensive.spend(ctx.client, 5, 'explain');
      const { path, exists } = await ctx.graph.shortestPath(from, to);
      for (const [i, name] of (['from', 'to'] as const).entries()) {
        if (!exists[i]) {
          throw notFound(
            `\`${name}\`: there is no paper or topic with id ${JSON.stringify(String(args[name]))}`,
            name,
          );
        }
      }
      return path;
    },
  }),
  neighborhood: t.field({
    type: NeighborhoodRef,
    description: 'A topic’s neighbourhood in the co-occurrence graph, ready to draw.',
    args: {
      topic: t.arg.string({ required: true, description: 'The centre topic, by name, alias or acronym.' }),
      depth: t.arg.int({ defaultValue: 1, description: 'Hops from the centre, 1 to 3.' }),
      limit: t.arg.int({
        defaultValue: 50,
        description: `Most topics to return, centre included (at most ${MAX_NEIGHBORHOOD}).`,
      }),
    },
    resolve: async (_root, args, ctx, info) => {
      const depth = args.depth ?? 1;
      const limit = args.limit ?? 50;
      if (!Number.isInteger(depth) || depth < 1 || depth > 3)
        throw badInput(`\`depth\` must be 1, 2 or 3, got ${depth}`);
      if (limit < 1 || limit > MAX_NEIGHBORHOOD) {
        throw badInput(`\`limit\` must be between 1 and ${MAX_NEIGHBORHOOD}, got ${limit}`);
      }
      if (depth > 1)
        await ctx.expensive.spend(ctx.client, depth === 2 ? 2 : 5, `neighborhood depth ${depth}`);
      const keys = canonicalKeys(args.topic);
      const found =
        keys.length === 0
          ? null
          : await ctx.graph.neighborhood(keys, depth, limit, new Planner(info).neighborhoodTopic());
      const center = found?.nodes[0]?.topic;
      if (!found || !center) {
        throw notFound(`no topic is named ${JSON.stringify(args.topic)}`, 'topic');
      }
      return { ...found, center };
    },
  }),
}));
