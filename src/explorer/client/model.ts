// Pure view logic of the explorer: no DOM, so it is unit-tested under Node.

export type TextField = 'TITLE' | 'ABSTRACT';

export interface MentionSpan {
  field: TextField;
  start: number;
  end: number;
}

export interface Segment {
  text: string;
  marked: boolean;
}

/** "a b c" with [2,3) marked → ["a ", "b"(marked), " c"]; overlapping spans merge, stray offsets are dropped. */
export function highlightSegments(text: string, spans: readonly MentionSpan[], field: TextField): Segment[] {
  const ranges = spans
    .filter((s) => s.field === field && s.start >= 0 && s.end <= text.length && s.start < s.end)
    .map((s) => [s.start, s.end] as [number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const out: Segment[] = [];
  let at = 0;
  for (const [start, end] of merged) {
    if (start > at) out.push({ text: text.slice(at, start), marked: false });
    out.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), marked: false });
  return out;
}

export interface TrendPoint {
  year: number;
  papers: number;
  /** The share of that year's papers that mention the topic. */
  share?: number;
}

/**
 * Polyline points of a sparkline `width`×`height`, one point per year from the first to the last
 * (years without papers are zeros: the API leaves them out), of papers or of the year's share.
 */
export function sparklinePoints(
  trend: readonly TrendPoint[],
  width: number,
  height: number,
  value: (p: TrendPoint) => number = (p) => p.papers,
): string {
  if (trend.length === 0) return '';
  const byYear = new Map(trend.map((p) => [p.year, value(p)]));
  const years = trend.map((p) => p.year);
  const first = Math.min(...years);
  const last = Math.max(...years);
  const max = Math.max(...trend.map(value)) || 1;
  const span = Math.max(last - first, 1);
  const pad = 2;
  const points: string[] = [];
  for (let year = first; year <= last; year++) {
    const x = last === first ? width / 2 : pad + ((year - first) / span) * (width - 2 * pad);
    const y = height - pad - ((byYear.get(year) ?? 0) / max) * (height - 2 * pad);
    points.push(`${round(x)},${round(y)}`);
  }
  return points.join(' ');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

// Colour-blind-friendly categorical palette (Okabe–Ito, then Tableau's extras).
const PALETTE = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#d55e00',
  '#56b4e9',
  '#b8a700',
  '#8c564b',
  '#7f7f7f',
  '#17becf',
  '#9467bd',
  '#bcbd22',
];
export const NO_COMMUNITY_COLOUR = '#b0b0b0';

/** Community 0 → blue, 1 → orange…; topics analytics have not reached are grey. */
export function communityColour(community: number | null | undefined): string {
  if (community === null || community === undefined || community < 0) return NO_COMMUNITY_COLOUR;
  return PALETTE[community % PALETTE.length] ?? NO_COMMUNITY_COLOUR;
}

export interface NeighborhoodData {
  center: { id: string; name: string };
  nodes: {
    depth: number;
    /** Edges and the centre refer to topics by the topic's id. */
    topic: {
      id: string;
      key: string;
      name: string;
      paperCount: number;
      pagerank: number | null;
      community: number | null;
    };
  }[];
  edges: { source: string; target: string; weight: number; papers: number; pmi: number }[];
}

export interface DrawNode {
  id: string;
  /** The topic's canonical key: what a click opens. */
  key: string;
  label: string;
  size: number;
  colour: string;
  depth: number;
  paperCount: number;
  pagerank: number | null;
  community: number | null;
}

export interface DrawEdge {
  source: string;
  target: string;
  size: number;
  weight: number;
  papers: number;
}

export const NODE_SIZE = { min: 3, max: 18 };
export const EDGE_SIZE = { min: 0.4, max: 4 };

/**
 * Sizes by PageRank (by paper count when analytics have not run), on a square-root scale so the
 * largest does not swallow the rest; edge widths by co-occurrence weight.
 */
export function toDrawing(data: NeighborhoodData): { nodes: DrawNode[]; edges: DrawEdge[] } {
  const analysed = data.nodes.some((n) => n.topic.pagerank !== null);
  const measure = (n: NeighborhoodData['nodes'][number]) =>
    analysed ? (n.topic.pagerank ?? 0) : n.topic.paperCount;
  const values = data.nodes.map(measure);
  const nodes = data.nodes.map((n) => ({
    id: n.topic.id,
    key: n.topic.key,
    label: n.topic.name,
    size: scale(measure(n), values, NODE_SIZE, 'middle'),
    colour: communityColour(n.topic.community),
    depth: n.depth,
    paperCount: n.topic.paperCount,
    pagerank: n.topic.pagerank,
    community: n.topic.community,
  }));
  const ids = new Set(nodes.map((n) => n.id));
  const kept = data.edges.filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target);
  const weights = kept.map((e) => e.weight);
  const edges = kept.map((e) => ({
    source: e.source,
    target: e.target,
    size: scale(e.weight, weights, EDGE_SIZE, 'min'),
    weight: e.weight,
    papers: e.papers,
  }));
  return { nodes, edges };
}

/** Square-root scale onto `range`; when all values are equal, nothing stands out (`flat` says where). */
function scale(
  value: number,
  all: readonly number[],
  range: { min: number; max: number },
  flat: 'min' | 'middle',
): number {
  if (all.length === 0) return range.min;
  const lo = Math.sqrt(Math.max(0, Math.min(...all)));
  const hi = Math.sqrt(Math.max(0, Math.max(...all)));
  if (hi - lo < 1e-12) return flat === 'min' ? range.min : (range.min + range.max) / 2;
  const t = (Math.sqrt(Math.max(0, value)) - lo) / (hi - lo);
  return range.min + t * (range.max - range.min);
}

/** The explorer's address state: `#topic=graph%20neural%20network&depth=2&limit=100`. */
export interface ViewState {
  /** The trending view: the year whose rising topics to list ('' for the newest); null for other views. */
  trending: string | null;
  topic: string | null;
  depth: number;
  limit: number;
  paper: string | null;
}

export const DEPTHS = [1, 2, 3] as const;
export const LIMITS = [25, 50, 100, 200, 500] as const;
export const DEFAULT_STATE: ViewState = { trending: null, topic: null, depth: 1, limit: 50, paper: null };

export function parseHash(hash: string): ViewState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const int = (key: string, allowed: readonly number[], fallback: number) => {
    const n = Number(params.get(key));
    return allowed.includes(n) ? n : fallback;
  };
  const trending = params.get('trending');
  return {
    trending: trending === null ? null : /^\d{4}$/.test(trending) ? trending : '',
    topic: params.get('topic') || null,
    depth: int('depth', DEPTHS, DEFAULT_STATE.depth),
    limit: int('limit', LIMITS, DEFAULT_STATE.limit),
    paper: params.get('paper') || null,
  };
}

export function formatHash(state: ViewState): string {
  const params = new URLSearchParams();
  if (state.trending !== null) params.set('trending', state.trending);
  if (state.topic) params.set('topic', state.topic);
  if (state.depth !== DEFAULT_STATE.depth) params.set('depth', String(state.depth));
  if (state.limit !== DEFAULT_STATE.limit) params.set('limit', String(state.limit));
  if (state.paper) params.set('paper', state.paper);
  const s = params.toString();
  return s ? `#${s}` : '';
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Whether two boxes come closer than `gap`. */
export function overlaps(a: Box, b: Box, gap = 0): boolean {
  return (
    a.x < b.x + b.width + gap &&
    b.x < a.x + a.width + gap &&
    a.y < b.y + b.height + gap &&
    b.y < a.y + a.height + gap
  );
}

export interface ExternalLink {
  label: string;
  href: string;
}

/**
 * A paper's public names as links: its arXiv id and its DOI (a paper's id is its arXiv id, else
 * `doi:…`, else a `t-…` id made from the title, which means nothing outside the graph), then its own URL.
 */
export function paperLinks(p: { paperId: string; doi: string | null; url: string | null }): ExternalLink[] {
  const links: ExternalLink[] = [];
  const madeUp = p.paperId.startsWith('t-') || p.paperId.startsWith('doi:');
  if (!madeUp) links.push({ label: `arXiv:${p.paperId}`, href: `https://arxiv.org/abs/${p.paperId}` });
  const doi = p.doi ?? (p.paperId.startsWith('doi:') ? p.paperId.slice(4) : null);
  if (doi) links.push({ label: `DOI ${doi}`, href: `https://doi.org/${encodeURI(doi)}` });
  if (p.url && /^https?:\/\//i.test(p.url) && !links.some((l) => l.href === p.url)) {
    links.push({ label: 'source', href: p.url });
  }
  return links;
}

/** "1 topic", "2 topics", "0 topics". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatScore(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/** A search snippet ("HTML-escaped, each match in <mark>…</mark>") as text segments, never as markup. */
export function snippetSegments(snippet: string): Segment[] {
  const out: Segment[] = [];
  const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m);
  const re = /<mark>([\s\S]*?)<\/mark>/g;
  let at = 0;
  for (let m = re.exec(snippet); m; m = re.exec(snippet)) {
    if (m.index > at) out.push({ text: decode(snippet.slice(at, m.index)), marked: false });
    out.push({ text: decode(m[1] ?? ''), marked: true });
    at = m.index + m[0].length;
  }
  if (at < snippet.length) out.push({ text: decode(snippet.slice(at)), marked: false });
  return out;
}
