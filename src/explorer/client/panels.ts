import type {
  Community,
  PaperDetails,
  PaperHit,
  TopicDetails,
  TopicPapers,
  TopicRef,
  Trending,
} from './api.ts';
import { h, marked, svg } from './dom.ts';
import {
  communityColour,
  formatScore,
  highlightSegments,
  type MentionSpan,
  paperLinks,
  plural,
  snippetSegments,
  sparklinePoints,
} from './model.ts';

export interface Actions {
  topic: (name: string) => void;
  paper: (id: string) => void;
  /** The next page of a topic's papers. */
  morePapers: (name: string, after: string) => Promise<TopicPapers | null>;
}

function topicChip(topic: TopicRef, actions: Actions, detail?: string): HTMLElement {
  const button = h('button', { class: 'chip', type: 'button', 'data-topic': topic.name }, topic.name);
  if (detail) button.append(h('span', { class: 'chip-detail' }, detail));
  button.addEventListener('click', () => actions.topic(topic.key));
  return button;
}

function paperLink(id: string, title: string, actions: Actions): HTMLElement {
  const button = h('button', { class: 'paper-link', type: 'button', 'data-paper': id }, title);
  button.addEventListener('click', () => actions.paper(id));
  return button;
}

/** Date and authors, as far as they are known; nothing when neither is. */
function byline(published: string | null, authors: readonly string[]): HTMLElement | null {
  const names = authors.length > 3 ? `${authors.slice(0, 3).join(', ')} et al.` : authors.join(', ');
  const text = [published, names].filter(Boolean).join(' · ');
  return text ? h('p', { class: 'byline' }, text) : null;
}

/** Parts of a line, " · " between them; none when there are no parts. */
function dotted(cls: string, parts: readonly (Node | string)[]): HTMLElement | null {
  if (parts.length === 0) return null;
  return h(
    'p',
    { class: cls },
    parts.flatMap((part, i) => (i === 0 ? [part] : [' · ', part])),
  );
}

function chipRow(label: string, edges: readonly { node: TopicRef }[], actions: Actions): HTMLElement | null {
  return edges.length === 0
    ? null
    : h(
        'p',
        {},
        label,
        edges.map((e) => topicChip(e.node, actions)),
      );
}

/** A year's papers as a line, or (`share`) the share of all that year's papers, which growth does not fool. */
export function sparkline(trend: TopicDetails['trend'], by: 'papers' | 'share' = 'papers'): HTMLElement {
  if (trend.length === 0) return h('p', { class: 'muted' }, 'No dated papers.');
  const width = 220;
  const height = 44;
  const points = sparklinePoints(trend, width, height, by === 'share' ? (p) => p.share ?? 0 : undefined);
  const first = trend[0];
  const last = trend.at(-1);
  const peak = trend.reduce((a, b) => (b.papers > a.papers ? b : a));
  const title = trend
    .map((p) => `${p.year}: ${p.papers}${by === 'share' ? ` (${percent(p.share ?? 0)})` : ''}`)
    .join(', ');
  return h(
    'figure',
    { class: 'sparkline', 'data-points': String(trend.length), 'data-by': by },
    svg(
      'svg',
      { width: String(width), height: String(height), viewBox: `0 0 ${width} ${height}`, role: 'img' },
      svg(
        'title',
        {},
        document.createTextNode(
          `${by === 'share' ? 'Share of each year’s papers' : 'Papers per year'}: ${title}`,
        ),
      ),
      svg('polyline', { points, fill: 'none', stroke: 'currentColor', 'stroke-width': '1.5' }),
    ),
    h(
      'figcaption',
      {},
      `${first?.year ?? ''}–${last?.year ?? ''} · peak ${plural(peak.papers, 'paper')} in ${peak.year}`,
    ),
  );
}

function stat(label: string, value: string | null): HTMLElement | null {
  return value === null ? null : h('div', { class: 'stat' }, h('dt', {}, label), h('dd', {}, value));
}

function abstractWithMentions(text: string, mentions: readonly MentionSpan[]): HTMLElement {
  return h('p', { class: 'abstract' }, marked(highlightSegments(text, mentions, 'ABSTRACT')));
}

export function topicPanel(t: TopicDetails, actions: Actions): HTMLElement {
  return h(
    'section',
    { class: 'topic-panel', 'data-topic': t.name },
    h('h2', {}, h('span', { class: 'swatch', style: `background:${communityColour(t.community)}` }), t.name),
    t.aliases.length > 0 ? h('p', { class: 'aliases' }, `Also: ${t.aliases.join(', ')}`) : null,
    h(
      'dl',
      { class: 'stats' },
      stat('Papers', String(t.paperCount)),
      stat('PageRank', t.pagerank === null ? null : t.pagerank.toExponential(2)),
      stat('Community', t.community === null ? null : String(t.community)),
      stat('Betweenness', t.betweenness === null ? null : t.betweenness.toExponential(2)),
      stat('Growth', t.growth === null ? null : `${t.growth.toFixed(2)}×`),
    ),
    h('h3', {}, 'Share of each year’s papers'),
    sparkline(t.trend, 'share'),
    t.broader.edges.length + t.narrower.edges.length > 0
      ? h(
          'div',
          { class: 'hierarchy' },
          chipRow('Broader: ', t.broader.edges, actions),
          chipRow('Narrower: ', t.narrower.edges, actions),
        )
      : null,
    t.related.edges.length > 0
      ? h(
          'div',
          { class: 'related-topics' },
          h('h3', {}, 'Appears with'),
          t.related.edges.map((e) => topicChip(e.node, actions, plural(e.papers, 'paper'))),
        )
      : null,
    t.newest.edges.length > 0
      ? h(
          'div',
          { class: 'newest-papers' },
          h('h3', {}, 'Newest papers'),
          h(
            'ul',
            { class: 'papers' },
            t.newest.edges.map((e) =>
              h(
                'li',
                { 'data-paper': e.node.id },
                paperLink(e.node.id, e.node.title, actions),
                byline(e.node.published, []),
              ),
            ),
          ),
        )
      : null,
    paperList(t.name, t.papers, actions),
  );
}

const percent = (share: number) => `${(share * 100).toFixed(share < 0.01 ? 2 : 1)}%`;

/** The rising topics of a year, each with its share per year; years to choose from above. */
export function trendingPanel(t: Trending, actions: Actions & { year: (year: string) => void }): HTMLElement {
  return h(
    'section',
    { class: 'trending-panel', 'data-year': String(t.year ?? '') },
    h('h2', {}, t.year === null ? 'Trending' : `Trending in ${t.year}`),
    h(
      'p',
      { class: 'years' },
      t.years.map((y) => {
        const button = h(
          'button',
          { class: 'chip', type: 'button', 'aria-pressed': String(y === t.year), 'data-year': String(y) },
          String(y),
        );
        button.addEventListener('click', () => actions.year(String(y)));
        return button;
      }),
    ),
    t.year === null
      ? h('p', { class: 'muted' }, 'No dated papers to compare.')
      : h(
          'p',
          { class: 'muted' },
          `Topics whose share of the ${plural(t.recentPapers, 'paper')} of ${t.year} rose most against the ${plural(t.earlierPapers, 'paper')} before (signed log-likelihood ratio).`,
        ),
    t.year !== null && t.topics.length === 0
      ? h('p', { class: 'muted' }, 'Nothing rose significantly.')
      : null,
    h(
      'ol',
      { class: 'trending' },
      t.topics.map((e) =>
        h(
          'li',
          { class: 'trending-topic', 'data-topic': e.node.key },
          topicChip(e.node, actions),
          h(
            'span',
            { class: 'muted' },
            ` score ${e.score.toFixed(1)} · ${plural(e.recentPapers, 'paper')} in ${t.year}, ${e.earlierPapers} before`,
          ),
          sparkline(e.node.trend, 'share'),
        ),
      ),
    ),
  );
}

function paperCards(edges: TopicPapers['edges'], actions: Actions): HTMLElement[] {
  return edges.map((e) =>
    h(
      'li',
      { class: 'paper-card', 'data-paper': e.node.id },
      paperLink(e.node.id, e.node.title, actions),
      byline(e.node.published, e.node.authors),
      h('p', { class: 'muted' }, `score ${formatScore(e.score)} · mentioned ${plural(e.count, 'time')}`),
      abstractWithMentions(e.node.abstract, e.mentions),
    ),
  );
}

/** The topic's papers, ten at a time: "More papers" fetches the next page after the last cursor. */
function paperList(name: string, first: TopicPapers, actions: Actions): HTMLElement {
  let shown = first.edges.length;
  const heading = h('h3', {}, '');
  const setHeading = () => {
    heading.textContent = `Papers (${shown} of ${first.totalCount})`;
  };
  setHeading();
  const list = h('ol', { class: 'papers' }, paperCards(first.edges, actions));
  let cursor = first.pageInfo.endCursor;
  const more = h('button', { class: 'more', type: 'button' }, 'More papers');
  more.hidden = !first.pageInfo.hasNextPage;
  more.addEventListener('click', async () => {
    if (!cursor) return;
    more.disabled = true;
    const page = await actions.morePapers(name, cursor).catch(() => null);
    more.disabled = false;
    if (!page) return;
    list.append(...paperCards(page.edges, actions));
    shown += page.edges.length;
    cursor = page.pageInfo.endCursor;
    more.hidden = !page.pageInfo.hasNextPage;
    setHeading();
  });
  return h('div', { class: 'topic-papers' }, heading, list, more);
}

export function paperPanel(p: PaperDetails, actions: Actions, back: TopicRef | null): HTMLElement {
  const mentions = p.topics.edges.flatMap((e) => e.mentions);
  return h(
    'section',
    { class: 'paper-panel', 'data-paper': p.id },
    back ? topicChip(back, actions, '← back') : null,
    h('h2', { class: 'paper-title' }, marked(highlightSegments(p.title, mentions, 'TITLE'))),
    byline(p.published, p.authors),
    dotted('muted paper-ids', [
      ...p.categories,
      ...paperLinks(p).map((l) =>
        h('a', { href: l.href, target: '_blank', rel: 'noopener noreferrer' }, l.label),
      ),
    ]),
    abstractWithMentions(p.abstract, mentions),
    h('h3', {}, 'Topics'),
    h(
      'div',
      { class: 'paper-topics' },
      p.topics.edges.map((e) => topicChip(e.node, actions, formatScore(e.score))),
    ),
    h('h3', {}, 'Related papers'),
    p.related.edges.length === 0
      ? h('p', { class: 'muted' }, 'No similar papers yet.')
      : h(
          'ol',
          { class: 'related-papers' },
          p.related.edges.map((e) =>
            h(
              'li',
              { class: 'related-card', 'data-paper': e.node.id },
              paperLink(e.node.id, e.node.title, actions),
              dotted('muted', [
                ...(e.node.published ? [e.node.published] : []),
                `similarity ${formatScore(e.score)}`,
              ]),
              h(
                'p',
                { class: 'why' },
                'Why: both use ',
                e.sharedTopics.map((s) => topicChip(s.topic, actions, formatScore(s.weight))),
                e.sharedPhrases.map((s) =>
                  h(
                    'span',
                    { class: 'phrase' },
                    s.name,
                    h('span', { class: 'chip-detail' }, formatScore(s.weight)),
                  ),
                ),
                e.textSimilarity > 0
                  ? h(
                      'span',
                      { class: 'wording' },
                      'and similar wording',
                      h('span', { class: 'chip-detail' }, formatScore(e.textSimilarity)),
                    )
                  : [],
              ),
            ),
          ),
        ),
  );
}

export function searchPanel(query: string, hits: readonly PaperHit[], actions: Actions): HTMLElement {
  return h(
    'section',
    { class: 'search-panel' },
    h('h2', {}, `No topic “${query}”`),
    h('p', { class: 'muted' }, hits.length > 0 ? 'Papers that mention it:' : 'No paper mentions it either.'),
    h(
      'ol',
      { class: 'papers' },
      hits.map((hit) =>
        h(
          'li',
          { class: 'paper-card', 'data-paper': hit.id },
          paperLink(hit.id, hit.title, actions),
          byline(hit.published, []),
          h('p', { class: 'abstract' }, marked(snippetSegments(hit.snippet))),
        ),
      ),
    ),
  );
}

export function legend(communities: readonly Community[]): HTMLElement {
  if (communities.length === 0) return h('span', {});
  return h(
    'details',
    { open: '' },
    h('summary', {}, 'Communities'),
    h(
      'ul',
      { class: 'legend' },
      communities.map((c) =>
        h(
          'li',
          { title: `${c.size} topics` },
          h('span', { class: 'swatch', style: `background:${communityColour(c.id)}` }),
          c.label,
        ),
      ),
    ),
  );
}
