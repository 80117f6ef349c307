import { Graph, louvain, pagerank } from './graphology.ts';

/** Graph measures over an undirected weighted graph (topics by co-occurrence, papers by similarity). */

/** `times`: how often the edge was added (papers, in a graph counted paper by paper). */
export type WeightedGraph = Graph<Record<string, never>, { weight: number; times?: number }>;

export function newGraph(): WeightedGraph {
  return new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
}

/**
 * Adds the edge and its nodes. An edge seen again keeps its larger weight (`max`: one stored both ways) or
 * adds to it (`sum`: a graph counted paper by paper).
 */
export function addEdge(
  graph: WeightedGraph,
  source: string,
  target: string,
  weight: number,
  merge: 'max' | 'sum' = 'max',
): void {
  if (source === target) return;
  graph.mergeNode(source);
  graph.mergeNode(target);
  graph.updateUndirectedEdge(source, target, (attr: { weight?: number; times?: number }) => ({
    weight: merge === 'sum' ? (attr.weight ?? 0) + weight : Math.max(attr.weight ?? 0, weight),
    times: (attr.times ?? 0) + 1,
  }));
}

/**
 * The topics that name a community: central (PageRank), its own (the share of their co-occurrence
 * weight that stays inside the community) and specific (a generic topic linked to every area names none).
 */
export function namingTopics(
  graph: WeightedGraph,
  community: Record<string, number>,
  rank: Record<string, number>,
  members: string[],
  count: number,
  specificity: (key: string) => number = () => 1,
): string[] {
  const score = (key: string) => {
    let inside = 0;
    let all = 0;
    graph.forEachEdge(key, (_edge, attr, source, target) => {
      all += attr.weight;
      if (community[source === key ? target : source] === community[key]) inside += attr.weight;
    });
    return (rank[key] ?? 0) * (all > 0 ? inside / all : 1) * specificity(key);
  };
  const ranked = members
    .map((key) => ({ key, score: score(key) }))
    .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key))
    .map((m) => m.key);
  // the first names the area; the others only where two or more papers use them with every name before
  // them ("logic programming · operational semantics", not "· Baire space" of the same community): a
  // community that mixes areas is named by the one it is most about, not by a list of unrelated ones
  const [first, ...rest] = ranked;
  if (first === undefined) return [];
  const chosen = [first];
  // and no second name for what a label has: "R package · An R package", "cellular automata · cellular automaton"
  const repeats = (a: string, b: string) =>
    a.includes(b) || b.includes(a) || a.split(' ')[0] === b.split(' ')[0];
  for (const key of rest) {
    if (chosen.length === count) break;
    const together = (c: string) =>
      graph.hasEdge(c, key) && (graph.getEdgeAttribute(c, key, 'times') ?? 0) >= 2;
    if (chosen.every((c) => !repeats(c, key) && together(c))) chosen.push(key);
  }
  return chosen;
}

export function pageranks(graph: WeightedGraph): Record<string, number> {
  return pagerank(graph, { getEdgeWeight: 'weight', alpha: 0.85, maxIterations: 100, tolerance: 1e-6 });
}

/** Louvain communities, renumbered by size (0 is the largest); `seed` makes runs repeatable. */
export function communities(graph: WeightedGraph, seed = 1): Record<string, number> {
  let state = seed;
  const rng = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const raw = louvain(graph, { getEdgeWeight: 'weight', rng });
  renumberBySize(raw);
  return raw;
}

/** Renumbers communities in place by size, 0 the largest (ties by their old number). */
export function renumberBySize(community: Record<string, number>): void {
  const sizes = new Map<number, number>();
  for (const c of Object.values(community)) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const order = [...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([c]) => c);
  const renumber = new Map(order.map((c, i) => [c, i]));
  for (const [node, c] of Object.entries(community)) community[node] = renumber.get(c) ?? 0;
}

/**
 * Betweenness estimated from `samples` source nodes (Brandes' accumulation from each, unweighted
 * shortest paths), scaled to the whole graph and normalised to [0, 1]: exact betweenness is O(V·E),
 * hours on a graph of this size, while the ranking of bridging topics is stable from a few hundred
 * sources (Brandes & Pich 2007).
 */
export function betweenness(graph: WeightedGraph, samples: number, seed = 1): Record<string, number> {
  const nodes = graph.nodes();
  const n = nodes.length;
  const index = new Map(nodes.map((node, i) => [node, i]));
  // compressed adjacency for fast breadth-first searches
  const offsets = new Int32Array(n + 1);
  nodes.forEach((node, i) => {
    offsets[i + 1] = (offsets[i] as number) + graph.degree(node);
  });
  const neighbours = new Int32Array(offsets[n] as number);
  const fill = offsets.slice(0, n);
  graph.forEachEdge((_edge, _attr, source, target) => {
    const s = index.get(source) as number;
    const t = index.get(target) as number;
    neighbours[(fill[s] as number)++] = t;
    neighbours[(fill[t] as number)++] = s;
  });
  const centrality = new Float64Array(n);
  const sigma = new Float64Array(n);
  const distance = new Int32Array(n);
  const delta = new Float64Array(n);
  const stack = new Int32Array(n);
  const queue = new Int32Array(n);
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const k = Math.min(samples, n);
  for (let sample = 0; sample < k; sample++) {
    const source = k === n ? sample : Math.floor(random() * n);
    sigma.fill(0);
    distance.fill(-1);
    delta.fill(0);
    sigma[source] = 1;
    distance[source] = 0;
    let head = 0;
    let tail = 0;
    let top = 0;
    queue[tail++] = source;
    while (head < tail) {
      const v = queue[head++] as number;
      stack[top++] = v;
      for (let e = offsets[v] as number; e < (offsets[v + 1] as number); e++) {
        const w = neighbours[e] as number;
        if ((distance[w] as number) < 0) {
          distance[w] = (distance[v] as number) + 1;
          queue[tail++] = w;
        }
        if (distance[w] === (distance[v] as number) + 1)
          sigma[w] = (sigma[w] as number) + (sigma[v] as number);
      }
    }
    while (top > 0) {
      const w = stack[--top] as number;
      for (let e = offsets[w] as number; e < (offsets[w + 1] as number); e++) {
        const v = neighbours[e] as number;
        if (distance[v] === (distance[w] as number) - 1) {
          delta[v] =
            (delta[v] as number) + ((sigma[v] as number) / (sigma[w] as number)) * (1 + (delta[w] as number));
        }
      }
      if (w !== source) centrality[w] = (centrality[w] as number) + (delta[w] as number);
    }
  }
  const scale = n > 2 ? n / k / ((n - 1) * (n - 2)) : 0;
  const out: Record<string, number> = {};
  nodes.forEach((node, i) => {
    out[node] = (centrality[i] as number) * scale;
  });
  return out;
}
