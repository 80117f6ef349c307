import { describe, expect, it } from 'vitest';
import {
  communityColour,
  DEFAULT_STATE,
  formatHash,
  highlightSegments,
  type NeighborhoodData,
  NO_COMMUNITY_COLOUR,
  NODE_SIZE,
  overlaps,
  paperLinks,
  parseHash,
  plural,
  snippetSegments,
  sparklinePoints,
  toDrawing,
} from '../../src/explorer/client/model.ts';

describe('explorer view model', () => {
  it('marks mention spans of one field, merging overlaps and dropping offsets outside the text', () => {
    const text = 'Graph neural networks beat neural networks.';
    const segments = highlightSegments(
      text,
      [
        { field: 'ABSTRACT', start: 6, end: 21 },
        { field: 'ABSTRACT', start: 0, end: 12 },
        { field: 'ABSTRACT', start: 27, end: 42 },
        { field: 'TITLE', start: 0, end: 5 },
        { field: 'ABSTRACT', start: 40, end: 99 },
      ],
      'ABSTRACT',
    );
    expect(segments).toEqual([
      { text: 'Graph neural networks', marked: true },
      { text: ' beat ', marked: false },
      { text: 'neural networks', marked: true },
      { text: '.', marked: false },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(highlightSegments('', [], 'TITLE')).toEqual([{ text: '', marked: false }]);
  });

  it('reads search snippets as text: entities decoded, only <mark> kept as a mark', () => {
    expect(snippetSegments('a &lt;b&gt; <mark>graph &amp; nets</mark> end')).toEqual([
      { text: 'a <b> ', marked: false },
      { text: 'graph & nets', marked: true },
      { text: ' end', marked: false },
    ]);
  });

  it('draws a sparkline with a point per year, gaps as zeros, the peak at the top', () => {
    const points = sparklinePoints(
      [
        { year: 2019, papers: 1 },
        { year: 2021, papers: 4 },
      ],
      100,
      20,
    ).split(' ');
    expect(points).toEqual(['2,14', '50,18', '98,2']);
    expect(sparklinePoints([], 100, 20)).toBe('');
    expect(sparklinePoints([{ year: 2020, papers: 3 }], 100, 20)).toBe('50,2');
  });

  it('draws the share of each year’s papers when asked, so that a topic of a growing corpus can stay flat', () => {
    const trend = [
      { year: 2019, papers: 1, share: 0.1 },
      { year: 2020, papers: 10, share: 0.1 },
      { year: 2021, papers: 100, share: 0.05 },
    ];
    expect(sparklinePoints(trend, 100, 20, (p) => p.share ?? 0).split(' ')).toEqual(['2,2', '50,2', '98,10']);
    expect(sparklinePoints(trend, 100, 20).split(' ')).toEqual(['2,17.8', '50,16.4', '98,2']);
  });

  it('colours by community and leaves unanalysed topics grey', () => {
    expect(communityColour(0)).not.toBe(communityColour(1));
    expect(communityColour(12)).toBe(communityColour(0));
    expect(communityColour(null)).toBe(NO_COMMUNITY_COLOUR);
  });

  it('sizes nodes by PageRank (by papers before analytics) and keeps only edges between drawn nodes', () => {
    const node = (id: string, pagerank: number | null, paperCount: number, community: number | null = 0) => ({
      depth: id === 'a' ? 0 : 1,
      topic: { id, key: id, name: id.toUpperCase(), paperCount, pagerank, community },
    });
    const data: NeighborhoodData = {
      center: { id: 'a', name: 'A' },
      nodes: [node('a', 0.04, 1), node('b', 0.01, 9), node('c', 0.0025, 5)],
      edges: [
        { source: 'a', target: 'b', weight: 4, papers: 2, pmi: 2 },
        { source: 'a', target: 'c', weight: 1, papers: 1, pmi: 1 },
        { source: 'a', target: 'zz', weight: 9, papers: 9, pmi: 1 },
      ],
    };
    const drawing = toDrawing(data);
    const size = Object.fromEntries(drawing.nodes.map((n) => [n.id, n.size]));
    expect(size.a).toBe(NODE_SIZE.max);
    expect(size.c).toBe(NODE_SIZE.min);
    expect(size.b).toBeCloseTo(NODE_SIZE.min + (NODE_SIZE.max - NODE_SIZE.min) / 3, 5);
    expect(drawing.edges.map((e) => e.target)).toEqual(['b', 'c']);
    expect(drawing.nodes.map((n) => [n.key, n.label])).toEqual([
      ['a', 'A'],
      ['b', 'B'],
      ['c', 'C'],
    ]);
    expect(drawing.edges[0]?.size).toBeGreaterThan(drawing.edges[1]?.size ?? Infinity);

    const before = toDrawing({
      ...data,
      nodes: data.nodes.map((n) => ({ ...n, topic: { ...n.topic, pagerank: null } })),
    });
    expect(before.nodes.find((n) => n.id === 'b')?.size).toBe(NODE_SIZE.max);
  });

  it('keeps its state in the address, refusing values the page does not offer', () => {
    const state = {
      trending: null,
      topic: 'graph neural network',
      depth: 2,
      limit: 500,
      paper: 'UGFwZXI6MQ==',
    };
    expect(parseHash(formatHash(state))).toEqual(state);
    expect(parseHash('#trending=2024')).toEqual({ ...DEFAULT_STATE, trending: '2024' });
    expect(parseHash('#trending')).toEqual({ ...DEFAULT_STATE, trending: '' });
    expect(parseHash('#trending=soon')).toEqual({ ...DEFAULT_STATE, trending: '' });
    expect(formatHash({ ...DEFAULT_STATE, trending: '2019' })).toBe('#trending=2019');
    expect(parseHash('#topic=x&depth=9&limit=7')).toEqual({ ...DEFAULT_STATE, topic: 'x' });
    expect(formatHash(DEFAULT_STATE)).toBe('');
  });

  it('links a paper by its arXiv id and DOI, never by the id made from its title', () => {
    expect(paperLinks({ paperId: 't-58dca1fedde61c31', doi: null, url: null })).toEqual([]);
    expect(paperLinks({ paperId: '2106.09685', doi: '10.48550/arxiv.2106.09685', url: null })).toEqual([
      { label: 'arXiv:2106.09685', href: 'https://arxiv.org/abs/2106.09685' },
      { label: 'DOI 10.48550/arxiv.2106.09685', href: 'https://doi.org/10.48550/arxiv.2106.09685' },
    ]);
    expect(
      paperLinks({ paperId: 'hep-th/9901001', doi: null, url: 'https://arxiv.org/abs/hep-th/9901001' }),
    ).toEqual([{ label: 'arXiv:hep-th/9901001', href: 'https://arxiv.org/abs/hep-th/9901001' }]);
    expect(
      paperLinks({ paperId: 'doi:10.1016/0378-4371(93)90092-i', doi: null, url: 'javascript:alert(1)' }),
    ).toEqual([
      { label: 'DOI 10.1016/0378-4371(93)90092-i', href: 'https://doi.org/10.1016/0378-4371(93)90092-i' },
    ]);
    expect(paperLinks({ paperId: 't-1', doi: null, url: 'https://example.org/p.pdf' })).toEqual([
      { label: 'source', href: 'https://example.org/p.pdf' },
    ]);
  });

  it('counts in words: one topic, two topics, no topics', () => {
    expect([0, 1, 2].map((n) => plural(n, 'topic'))).toEqual(['0 topics', '1 topic', '2 topics']);
    expect(plural(1, 'co-occurrence')).toBe('1 co-occurrence');
  });

  it('tells boxes that touch, or come closer than a gap, from boxes apart', () => {
    const a = { x: 0, y: 0, width: 10, height: 10 };
    expect(overlaps(a, { x: 9, y: 9, width: 5, height: 5 })).toBe(true);
    expect(overlaps(a, { x: 10, y: 0, width: 5, height: 5 })).toBe(false);
    expect(overlaps(a, { x: 12, y: 0, width: 5, height: 5 }, 3)).toBe(true);
    expect(overlaps(a, { x: 0, y: 14, width: 5, height: 5 }, 3)).toBe(false);
  });
});
