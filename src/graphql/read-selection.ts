import { collectSubFields, getArgumentValues } from '@graphql-tools/utils';
import type { FieldNode, GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import {
  type NestedPlan,
  PAPER_SCALARS,
  type Paging,
  type PaperPlan,
  TOPIC_SCALARS,
  type TopicPlan,
} from '../db/compile-plan.ts';
import { keysetPaging, type PageArgs } from './paging.ts';

/**
 * Reads a query's selection under a paper or a topic into a plan the repositories turn into one
 * statement: nested connections (topics, papers, related, broader, narrower, trend) load with their
 * parent instead of one round trip per level.
 */
type Fields = Map<string, FieldNode[]>;

export class Planner {
  constructor(private readonly info: GraphQLResolveInfo) {}

  private type(name: string): GraphQLObjectType {
    return this.info.schema.getType(name) as GraphQLObjectType;
  }

  /** The fields selected on `typeName` by these field nodes (fragments and @skip/@include applied). */
  private sub(typeName: string, nodes: FieldNode[]): Fields {
    if (nodes.length === 0) return new Map();
    const { fields } = collectSubFields(
      this.info.schema,
      this.info.fragments,
      this.info.variableValues,
      this.type(typeName),
      nodes,
    );
    return fields;
  }

  /** Field nodes of every response key whose field is `name`. */
  private named(fields: Fields, name: string): FieldNode[] {
    return [...fields.values()].flat().filter((n) => n.name.value === name);
  }

  private args(typeName: string, node: FieldNode): Record<string, unknown> {
    const field = this.type(typeName).getFields()[node.name.value];
    return field ? getArgumentValues(field, node, this.info.variableValues) : {};
  }

  /** `list` names the list's order, as the connection's resolver names it (see `Nested.name`). */
  private paging(typeName: string, nodes: FieldNode[], connectionType: string, list: string): Paging {
    const args = this.args(typeName, nodes[0] as FieldNode) as PageArgs;
    const fields = this.sub(connectionType, nodes);
    const has = (name: string) => this.named(fields, name).length > 0;
    return keysetPaging(list, args, has('pageInfo'), has('totalCount'));
  }

  /** The selection at edges, and at edges.node, of a connection. */
  private edges(connectionType: string, edgeType: string, nodes: FieldNode[]) {
    const edges = this.named(this.sub(connectionType, nodes), 'edges');
    const edgeFields = this.sub(edgeType, edges);
    return { edgeFields, node: this.named(edgeFields, 'node') };
  }

  /** The plan for papers whose fields these nodes select; `quoted` when edges above quote their text. */
  paper(nodes: FieldNode[], quoted = false): PaperPlan {
    const fields = this.sub('Paper', nodes);
    const nested: Record<string, NestedPlan> = {};
    let mentions = false;
    for (const [key, fieldNodes] of fields) {
      const name = fieldNodes[0]?.name.value;
      if (name === 'topics') {
        const { edgeFields, node } = this.edges(
          'PaperTopicsConnection',
          'PaperTopicsConnectionEdge',
          fieldNodes,
        );
        const quotes = this.named(edgeFields, 'mentions').length > 0;
        mentions ||= quotes;
        nested[key] = {
          kind: 'paper.topics',
          mentions: quotes,
          counts: this.named(edgeFields, 'count').length > 0,
          ...this.paging('Paper', fieldNodes, 'PaperTopicsConnection', 'paper.topics'),
          topic: this.topic(node),
        };
      } else if (name === 'related') {
        const { edgeFields, node } = this.edges(
          'PaperRelatedConnection',
          'PaperRelatedConnectionEdge',
          fieldNodes,
        );
        const shared = this.named(edgeFields, 'sharedTopics');
        nested[key] = {
          kind: 'paper.related',
          ...this.paging('Paper', fieldNodes, 'PaperRelatedConnection', 'paper.related'),
          paper: this.paper(node),
          shared: shared.length > 0 ? this.topic(this.named(this.sub('SharedTopic', shared), 'topic')) : null,
        };
      }
    }
    const has = (name: string) => this.named(fields, name).length > 0;
    return {
      scalars: PAPER_SCALARS.filter(has),
      fields: {
        abstract: quoted || mentions || has('abstract'),
        authors: has('authors'),
        categories: has('categories'),
      },
      nested,
    };
  }

  topic(nodes: FieldNode[]): TopicPlan {
    const fields = this.sub('Topic', nodes);
    const nested: Record<string, NestedPlan> = {};
    for (const [key, fieldNodes] of fields) {
      const name = fieldNodes[0]?.name.value;
      if (name === 'papers') {
        const { edgeFields, node } = this.edges(
          'TopicPapersConnection',
          'TopicPapersConnectionEdge',
          fieldNodes,
        );
        const order =
          (this.args('Topic', fieldNodes[0] as FieldNode).orderBy as 'SCORE' | 'PUBLISHED') ?? 'SCORE';
        const quotes = this.named(edgeFields, 'mentions').length > 0;
        nested[key] = {
          kind: 'topic.papers',
          order,
          mentions: quotes,
          counts: this.named(edgeFields, 'count').length > 0,
          ...this.paging('Topic', fieldNodes, 'TopicPapersConnection', `topic.papers:${order}`),
          paper: this.paper(node, quotes),
        };
      } else if (name === 'related') {
        const { node } = this.edges('TopicRelatedConnection', 'TopicRelatedConnectionEdge', fieldNodes);
        nested[key] = {
          kind: 'topic.related',
          ...this.paging('Topic', fieldNodes, 'TopicRelatedConnection', 'topic.related'),
          topic: this.topic(node),
        };
      } else if (name === 'broader' || name === 'narrower') {
        const connection = name === 'broader' ? 'TopicBroaderConnection' : 'TopicNarrowerConnection';
        const { node } = this.edges(connection, `${connection}Edge`, fieldNodes);
        nested[key] = {
          kind: name === 'broader' ? 'topic.broader' : 'topic.narrower',
          ...this.paging('Topic', fieldNodes, connection, `topic.${name}`),
          topic: this.topic(node),
        };
      } else if (name === 'trend') {
        nested[key] = { kind: 'topic.trend' };
      }
    }
    const has = (name: string) => this.named(fields, name).length > 0;
    return {
      scalars: ['paperCount', ...TOPIC_SCALARS].filter(has),
      nested,
    };
  }

  /** For a neighbourhood: what its nodes' topics and its centre select (their lists load on their own). */
  neighborhoodTopic(): TopicPlan {
    const fields = this.sub('Neighborhood', [...this.info.fieldNodes]);
    const nodes = this.named(this.sub('NeighborhoodNode', this.named(fields, 'nodes')), 'topic');
    return { ...this.topic([...nodes, ...this.named(fields, 'center')]), nested: {} };
  }

  /** For Paper.related: the plan of the shared topics, or null when they are not selected. */
  sharedTopics(): TopicPlan | null {
    const { edgeFields } = this.edges('PaperRelatedConnection', 'PaperRelatedConnectionEdge', [
      ...this.info.fieldNodes,
    ]);
    const shared = this.named(edgeFields, 'sharedTopics');
    return shared.length > 0 ? this.topic(this.named(this.sub('SharedTopic', shared), 'topic')) : null;
  }

  /** Plans for the papers and topics at edges.node of a root connection (a union's members included). */
  connection(connectionType: string, edgeType: string, quotingEdgeFields: string[] = []) {
    const { edgeFields, node } = this.edges(connectionType, edgeType, [...this.info.fieldNodes]);
    const quoted = quotingEdgeFields.some((f) => this.named(edgeFields, f).length > 0);
    return { paperPlan: this.paper(node, quoted), topicPlan: this.topic(node) };
  }
}
