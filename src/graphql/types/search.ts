import { luceneQuery, searchTerms } from '../../db/lucene.ts';
import type { SearchHit, SearchKind } from '../../db/search-repo.ts';
import { builder } from '../builder.ts';
import { badInput } from '../errors.ts';
import { page } from '../paging.ts';
import { Planner } from '../read-selection.ts';
import { PaperRef, type PaperShape, TopicRef, type TopicShape } from '../refs.ts';
import { snippet } from '../snippet.ts';

type HitShape = { hit: SearchHit; terms: string[] };

const SearchResultUnion = builder.unionType('SearchResult', {
  description: 'A paper or a topic.',
  types: [PaperRef, TopicRef],
  resolveType: (value) => ('abstract' in value ? PaperRef : TopicRef),
});

const SearchKindEnum = builder.enumType('SearchKind', {
  description: 'What a search looks through.',
  values: {
    PAPER: { value: 'paper', description: 'Paper titles and abstracts.' },
    TOPIC: { value: 'topic', description: 'Topic names, keys and aliases.' },
  } as const,
});

const HighlightRef = builder
  .objectRef<{ field: string; html: string; text: string; matches: { start: number; end: number }[] }>(
    'Highlight',
  )
  .implement({
    description: 'The passage of a field where the search words occur.',
    fields: (t) => ({
      field: t.exposeString('field', {
        description: '"title" or "abstract" for papers, "name" or "alias" for topics.',
      }),
      snippet: t.exposeString('html', {
        description:
          'About 200 characters around the best match, HTML-escaped, each match in <mark>…</mark>.',
      }),
      text: t.exposeString('text', { description: 'The same passage as plain text.' }),
    }),
  });

function highlights(hit: SearchHit, terms: string[]) {
  if (hit.kind === 'paper') {
    return (['title', 'abstract'] as const)
      .map((field) => ({ field, ...snippet(hit.paper[field], terms) }))
      .filter((h) => h.matches.length > 0);
  }
  const names = [
    { field: 'name', value: hit.topic.name },
    ...hit.topic.aliases.map((a) => ({ field: 'alias', value: a })),
  ];
  return names
    .map(({ field, value }) => ({ field, ...snippet(value, terms) }))
    .filter((h) => h.matches.length > 0);
}

builder.queryFields((t) => ({
  search: t.connection(
    {
      type: SearchResultUnion,
      description:
        'Full-text search over paper titles and abstracts and topic names and aliases, best match first. Words are matched as words (the last also as a prefix); Lucene syntax is treated as plain text. Cursors are positions in the ranking, not keys (full-text scores move as papers are added), so pages fetched around a write may repeat or miss a hit.',
      args: {
        query: t.arg.string({
          required: true,
          description: 'What to look for, e.g. "graph neural networks".',
        }),
        kinds: t.arg({ type: [SearchKindEnum], description: 'Papers, topics or both (the default).' }),
      },
      resolve: (_root, args, ctx, info) => {
        if (args.query.length > 500) throw badInput('`query` is longer than 500 characters');
        const terms = searchTerms(args.query);
        if (terms.length === 0) throw badInput('`query` has no words to search for');
        const kinds: SearchKind[] = args.kinds?.length ? [...new Set(args.kinds)] : ['paper', 'topic'];
        return page(
          args,
          info,
          (request) => ctx.search.search(luceneQuery(terms), kinds, request),
          (hit): PaperShape | TopicShape =>
            hit.kind === 'paper'
              ? { ...hit.paper, edge: { score: hit.score, hit: { hit, terms } } }
              : { ...hit.topic, edge: { score: hit.score, hit: { hit, terms } } },
          new Planner(info).connection('QuerySearchConnection', 'QuerySearchConnectionEdge', ['highlights']),
        );
      },
    },
    {},
    {
      description: 'A search result.',
      fields: (e) => ({
        score: e.float({
          description: 'Relevance (Lucene BM25); higher is better, comparable within one search.',
          resolve: (edge) => (edge.node as { edge?: { score?: number } }).edge?.score ?? 0,
        }),
        highlights: e.field({
          type: [HighlightRef],
          description: 'Passages where the words occur.',
          resolve: (edge) => {
            const h = (edge.node as { edge?: { hit?: HitShape } }).edge?.hit;
            return h ? highlights(h.hit, h.terms) : [];
          },
        }),
      }),
    },
  ),
}));
