import { describe, expect, it } from 'vitest';
import { addEdge, namingTopics, newGraph } from '../../src/analytics/compute.ts';

describe('the topics that name a community', () => {
  // one community; "numerical simulation" is linked mostly outside it, "baire space" not to the first name
  const graph = newGraph();
  // each paper adds one to its pair's weight: the number of papers that use both
  const papers = (g: typeof graph, a: string, b: string, n: number) => {
    for (let i = 0; i < n; i++) addEdge(g, a, b, 1, 'sum');
  };
  papers(graph, 'logic programming', 'operational semantics', 3);
  papers(graph, 'logic programming', 'logic programs', 3);
  papers(graph, 'logic programming', 'numerical simulation', 2);
  papers(graph, 'numerical simulation', 'shear flow', 9);
  papers(graph, 'operational semantics', 'baire space', 2);
  const community = {
    'logic programming': 0,
    'operational semantics': 0,
    'logic programs': 0,
    'numerical simulation': 0,
    'baire space': 0,
    'shear flow': 1,
  };
  const members = Object.keys(community).filter((k) => community[k as keyof typeof community] === 0);
  const rank = {
    'logic programming': 0.3,
    'numerical simulation': 0.29,
    'logic programs': 0.2,
    'operational semantics': 0.15,
    'baire space': 0.14,
  };

  it('puts the central topic first, keeps to those used with every name before them, one name each', () => {
    // "numerical simulation" is used with "logic programming" but not with "operational semantics"
    expect(namingTopics(graph, community, rank, members, 3)).toEqual([
      'logic programming',
      'operational semantics',
    ]);
    // one paper with both is not enough, two are
    const linked = graph.copy();
    papers(linked, 'operational semantics', 'numerical simulation', 1);
    expect(namingTopics(linked, community, rank, members, 3)).toEqual([
      'logic programming',
      'operational semantics',
    ]);
    papers(linked, 'operational semantics', 'numerical simulation', 1);
    expect(namingTopics(linked, community, rank, members, 3)).toEqual([
      'logic programming',
      'operational semantics',
      'numerical simulation',
    ]);
  });

  it('lets a generic topic name nothing: the share of its links outside counts against it', () => {
    expect(namingTopics(graph, community, rank, members, 2)).not.toContain('numerical simulation');
    // without the community test it would come second
    const one = Object.fromEntries(Object.keys(community).map((k) => [k, 0]));
    expect(namingTopics(graph, one, rank, members, 2)).toEqual(['logic programming', 'numerical simulation']);
  });

  it('weighs specificity', () => {
    const specific = (key: string) => (key === 'logic programming' ? 0.1 : 1);
    expect(namingTopics(graph, community, rank, members, 1, specific)).toEqual(['logic programs']);
  });
});
