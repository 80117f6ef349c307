import {
  BARE_TOPIC,
  FULL_PAPER,
  paperProjection,
  Statement,
  type TopicPlan,
  toPlannedPaper,
  toPlannedTopic,
  topicProjection,
} from './compile-plan.ts';
import { commonLimit } from './derived-graph-repo.ts';
import type { Database } from './driver.ts';
import { readRows } from './executor.ts';
import type { PaperRow, TopicRow } from './rows.ts';
import { withResolvedTopics } from './topic-names.ts';
import { int, toNumber, toPlain } from './values.ts';

export type NodeRef = { kind: 'paper'; id: string } | { kind: 'topic'; key: string };
export type GraphNode = { kind: 'paper'; paper: PaperRow } | { kind: 'topic'; topic: TopicRow };

export type RelationType = 'MENTIONS' | 'CO_OCCURS' | 'SIMILAR_TO' | 'NARROWER';

export interface PathStep {
  type: RelationType;
  /** Index in `nodes` of the relationship's start and end, as stored. */
  from: number;
  to: number;
  properties: { score?: number; count?: number; papers?: number; pmi?: number };
}

export interface GraphPath {
  nodes: GraphNode[];
  steps: PathStep[];
}

export interface Neighborhood {
  nodes: { topic: TopicRow; depth: number }[];
  edges: { source: string; target: string; papers: number; pmi: number; weight: number }[];
}

export const MAX_PATH_LENGTH = 8;
const RELATIONS = 'MENTIONS|CO_OCCURS|SIMILAR_TO|NARROWER';

const matchRef = (name: string, ref: NodeRef, param: string) =>
  ref.kind === 'paper'
    ? `OPTIONAL MATCH (${name}:Paper {id: $${param}})`
    : `OPTIONAL MATCH (${name}:Topic {key: $${param}})`;
const refValue = (ref: NodeRef) => (ref.kind === 'paper' ? ref.id : ref.key);

// full projections (lists, see compile-plan.ts) without nested lists take no parameters: a throw-away statement serves
const paperValue = (v: string) => paperProjection(v, FULL_PAPER, new Statement());
const topicValue = (v: string) => topicProjection(v, BARE_TOPIC, new Statement());
const nodeValue = (v: string) =>
  `CASE WHEN ${v}:Paper THEN {kind: 'paper', value: ${paperValue(v)}} ELSE {kind: 'topic', value: ${topicValue(v)}} END`;

function toGraphNode(value: unknown): GraphNode {
  const v = value as { kind: string; value: unknown };
  return v.kind === 'paper'
    ? { kind: 'paper', paper: toPlannedPaper(v.value, FULL_PAPER) }
    : { kind: 'topic', topic: toPlannedTopic(v.value, BARE_TOPIC) };
}

export class GraphRepo {
  constructor(private readonly db: Database) {}

  /**
   * The shortest path between two papers or topics over mentions, co-occurrence, similarity and the
   * hierarchy, up to MAX_PATH_LENGTH steps (null when there is none), and whether each end exists. Its
   * steps are papers and concepts, never a phrase that is no topic; a generic hub (a topic in more papers
   * than COMMON allows) is a step only where no path avoids it, so "neural networks" links two papers only
   * when nothing more specific does.
   */
  async shortestPath(
    from: NodeRef,
    to: NodeRef,
  ): Promise<{ path: GraphPath | null; exists: [boolean, boolean] }> {
    const same = from.kind === to.kind && refValue(from) === refValue(to);
    const path = same
      ? 'WITH a, b, CASE WHEN a IS NULL THEN null ELSE [a] END AS ns, [] AS rs'
      : `CALL () { MATCH (p:Paper) RETURN ${commonLimit('toFloat(count(p))')} AS hub }
         OPTIONAL MATCH specific = shortestPath((a)-[:${RELATIONS}*..${MAX_PATH_LENGTH}]-(b))
         WHERE all(n IN nodes(specific) WHERE n = a OR n = b OR n:Paper OR n:Topic AND n.paperCount <= hub)
         OPTIONAL CALL (a, b, specific) {
           WITH a, b WHERE specific IS NULL
           MATCH any = shortestPath((a)-[:${RELATIONS}*..${MAX_PATH_LENGTH}]-(b))
           WHERE all(n IN nodes(any) WHERE n = a OR n = b OR n:Paper OR n:Topic)
           RETURN any
         }
         WITH a, b, coalesce(specific, any) AS path
         WITH a, b, nodes(path) AS ns, relationships(path) AS rs`;
    const [row] = await readRows(
      this.db,
      `${matchRef('a', from, 'from')} ${matchRef('b', to, 'to')}
       ${path}
       WITH a, b, ns IS NULL AS none, coalesce(ns, []) AS ns, coalesce(rs, []) AS rs
       RETURN a IS NOT NULL AS fromExists, b IS NOT NULL AS toExists, none,
              [n IN ns | ${nodeValue('n')}] AS nodes,
              [i IN range(0, size(rs) - 1) | {
                type: type(rs[i]),
                forward: startNode(rs[i]) = ns[i],
                properties: {score: rs[i].score, count: rs[i].count, pmi: rs[i].pmi,
                             papers: CASE WHEN type(rs[i]) = 'CO_OCCURS'
                               THEN COUNT { MATCH (x:Topic)<-[:MENTIONS]-(:Paper)-[:MENTIONS]->(y:Topic) WHERE x = ns[i] AND y = ns[i + 1] }
                               END}
              }] AS steps`,
      { from: refValue(from), to: refValue(to) },
      (r) => {
        const exists: [boolean, boolean] = [r.get('fromExists') as boolean, r.get('toExists') as boolean];
        const nodes = r.get('nodes') as unknown[] | null;
        const steps = r.get('steps') as
          | { type: RelationType; forward: boolean; properties: unknown }[]
          | null;
        if (r.get('none') || !nodes || !steps) return { path: null, exists };
        return {
          exists,
          path: {
            nodes: nodes.map(toGraphNode),
            steps: steps.map((s, i): PathStep => {
              const props = toPlain(s.properties) as Record<string, number | null>;
              const properties: PathStep['properties'] = {};
              for (const k of ['score', 'count', 'papers', 'pmi'] as const) {
                const value = props[k];
                if (typeof value === 'number') properties[k] = value;
              }
              return { type: s.type, from: s.forward ? i : i + 1, to: s.forward ? i + 1 : i, properties };
            }),
          },
        };
      },
    );
    return row ?? { path: null, exists: [false, false] };
  }

  /**
   * The topic's co-occurrence neighbourhood, breadth first: each hop keeps the strongest new neighbours
   * (weight papers × max(pmi, 0)) until `limit` topics are drawn; then every co-occurrence among them.
   */
  async neighborhood(
    candidateKeys: string[],
    depth: number,
    limit: number,
    plan: TopicPlan = BARE_TOPIC,
  ): Promise<Neighborhood | null> {
    // a plan without nested lists takes no parameters
    const flat = { ...plan, nested: {} };
    const hop = (n: number) => `
      CALL (seen, frontier) {
        WITH seen, frontier, $limit - size(seen) AS room
        // one row even when nothing is left to reach: a topic without co-occurrences is its own neighbourhood
        UNWIND CASE WHEN size(frontier) = 0 THEN [null] ELSE frontier END AS f
        OPTIONAL MATCH (f)-[r:CO_OCCURS]-(n:Topic) WHERE NOT n IN seen
        WITH room, n, max(r.papers * CASE WHEN r.pmi > 0 THEN r.pmi ELSE 0.0 END) AS w, max(r.papers) AS k
        ORDER BY w DESC, k DESC, n.key
        WITH room, collect(n) AS ranked
        RETURN ranked[..room] AS next${n}
      }
      WITH c, seen + next${n} AS seen, next${n} AS frontier, hops + [next${n}] AS hops`;
    const hops = Array.from({ length: depth }, (_, i) => hop(i + 1)).join('\n');
    const find = async (resolve: string) => {
      const [row] = await readRows(
        this.db,
        `${resolve}
       UNWIND anchors AS c
       WITH c, [c] AS seen, [c] AS frontier, [[c]] AS hops
       ${hops}
       WITH seen AS nodes, hops
       CALL (nodes) {
         UNWIND nodes AS a
         MATCH (a)-[r:CO_OCCURS]->(b:Topic) WHERE b IN nodes
         RETURN collect({source: a.key, target: b.key, papers: COUNT { (a)<-[:MENTIONS]-(:Paper)-[:MENTIONS]->(b) }, pmi: r.pmi,
                         weight: r.papers * CASE WHEN r.pmi > 0 THEN r.pmi ELSE 0.0 END}) AS edges
       }
       RETURN [d IN range(0, size(hops) - 1) | [t IN hops[d] | {topic: ${topicProjection('t', flat, new Statement())}, depth: d}]] AS levels, edges`,
        { topics: [candidateKeys], limit: int(limit) },
        (r) => ({
          nodes: (r.get('levels') as { topic: unknown; depth: unknown }[][])
            .flat()
            .map((n) => ({ topic: toPlannedTopic(n.topic, flat), depth: toNumber(n.depth) })),
          edges: (r.get('edges') as Record<string, unknown>[]).map((e) => ({
            source: String(e.source),
            target: String(e.target),
            papers: toNumber(e.papers),
            pmi: toNumber(e.pmi),
            weight: toNumber(e.weight),
          })),
        }),
      );
      return row ?? null;
    };
    return (await withResolvedTopics(find)) ?? null;
  }
}
