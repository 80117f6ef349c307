import { luceneQuery, searchTerms } from '../../db/lucene.ts';
import type { PaperFilter, RelatedPaper, TopicOfPaper } from '../../db/papers-repo.ts';
import type { TopicRow } from '../../db/rows.ts';
import { authorKey } from '../../domain/authors.ts';
import { canonicalKeys } from '../../domain/keys.ts';
import { boundary, WindowError } from '../../domain/window.ts';
import { builder } from '../builder.ts';
import { badInput } from '../errors.ts';
import { paperLookup } from '../ids.ts';
import { nestedPage, page } from '../paging.ts';
import { Planner } from '../read-selection.ts';
import { PaperRef, type PaperShape, TopicRef, type TopicShape } from '../refs.ts';
import { mentionEdgeFields } from './mention.ts';

const SharedTopicRef = builder.objectRef<{ topic: TopicRow; weight: number }>('SharedTopic').implement({
  description: 'A topic two related papers both mention, and how much it adds to their similarity.',
  fields: (t) => ({
    topic: t.field({ type: TopicRef, description: 'The shared topic.', resolve: (s) => s.topic }),
    weight: t.exposeFloat('weight', {
      description:
        'What the topic adds to the similarity score: its weight in both papers (rarity, repetition, half again for a concept), over the product of the papers’ vector lengths.',
    }),
  }),
});

const SharedPhraseRef = builder.objectRef<{ name: string; weight: number }>('SharedPhrase').implement({
  description: 'A key phrase two related papers both use that is no topic of its own, and what it adds.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The phrase, as papers write it.' }),
    weight: t.exposeFloat('weight', { description: 'What the phrase adds to the similarity score.' }),
  }),
});

builder.objectType(PaperRef, {
  description: 'A research paper and the topics its title and abstract mention.',
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'abstract' in value,
  fields: (t) => ({
    paperId: t.exposeString('id', {
      description: "The paper's own id: its arXiv id, else its DOI, else a stable id derived from the title.",
    }),
    title: t.exposeString('title', { description: 'The title as published.' }),
    abstract: t.exposeString('abstract', {
      description: 'The abstract as published; mention offsets point into it.',
    }),
    url: t.exposeString('url', {
      nullable: true,
      description: 'Where to read the paper, when the source gave it.',
    }),
    doi: t.exposeString('doi', { nullable: true, description: 'The DOI, lower-cased, when known.' }),
    published: t.exposeString('published', {
      nullable: true,
      description:
        'Date of first publication (YYYY-MM-DD; the first of January when only the year is known).',
    }),
    year: t.exposeInt('year', { nullable: true, description: 'Year of first publication.' }),
    authors: t.exposeStringList('authors', {
      description: 'Author names, in the order the paper lists them.',
    }),
    categories: t.exposeStringList('categories', {
      description: 'Subject categories, such as arXiv categories ("cs.LG").',
    }),
    topics: t.connection(
      {
        type: TopicRef,
        description: "The paper's topics, the most central first.",
        resolve: (paper, args, ctx, info) =>
          nestedPage(
            ctx,
            args,
            info,
            {
              name: 'paper.topics',
              parent: 'paper',
              parentKey: paper.id,
              prefetched: paper.nested?.[info.path.key],
              plan: () => ({
                kind: 'paper.topics',
                topic: new Planner(info).connection('PaperTopicsConnection', 'PaperTopicsConnectionEdge')
                  .topicPlan,
                mentions: true,
              }),
            },
            ({ topic, link }: TopicOfPaper): TopicShape => ({
              ...topic,
              edge: { link, text: { title: paper.title, abstract: paper.abstract } },
            }),
          ),
      },
      {},
      {
        description: 'A topic the paper mentions.',
        fields: (e) =>
          mentionEdgeFields(
            e,
            {
              score: 'How central the topic is to the paper, from 0 to 1.',
              mentions: 'Each place the topic occurs, in the title and in the abstract.',
            },
            (topic: TopicShape) => topic.edge?.text,
          ),
      },
    ),
    related: t.connection(
      {
        type: PaperRef,
        description:
          'Papers similar to this one, the most similar first: among the papers it shares specific topics or key phrases with (rare and repeated ones weighing most), those whose wording is also alike.',
        resolve: (paper, args, ctx, info) =>
          nestedPage(
            ctx,
            args,
            info,
            {
              name: 'paper.related',
              parent: 'paper',
              parentKey: paper.id,
              prefetched: paper.nested?.[info.path.key],
              plan: () => {
                const planner = new Planner(info);
                return {
                  kind: 'paper.related',
                  paper: planner.connection('PaperRelatedConnection', 'PaperRelatedConnectionEdge').paperPlan,
                  shared: planner.sharedTopics(),
                };
              },
            },
            ({ paper: other, score, shared, phrases, text }: RelatedPaper): PaperShape => ({
              ...other,
              edge: { score, shared, phrases, text },
            }),
          ),
      },
      {},
      {
        description: 'A related paper and why it is related.',
        fields: (e) => ({
          score: e.float({
            description:
              'Similarity: the sum of the weights of sharedTopics and sharedPhrases (the largest terms of the cosine of the papers’ phrase vectors) and of textSimilarity.',
            resolve: (edge) => edge.node.edge?.score ?? 0,
          }),
          sharedTopics: e.field({
            type: [SharedTopicRef],
            description: 'The topics both papers mention, the strongest reason first.',
            resolve: (edge) => edge.node.edge?.shared ?? [],
          }),
          sharedPhrases: e.field({
            type: [SharedPhraseRef],
            description:
              'The other key phrases both papers use, the strongest first; with sharedTopics at most 8 in all.',
            resolve: (edge) => edge.node.edge?.phrases ?? [],
          }),
          textSimilarity: e.float({
            description:
              'What the wording of the two titles and abstracts adds to the score: a share of the cosine of their vectors in a latent semantic space of the corpus’s words (0 when they share none of it).',
            resolve: (edge) => edge.node.edge?.text ?? 0,
          }),
        }),
      },
    ),
  }),
});

builder.queryFields((t) => ({
  paper: t.field({
    type: PaperRef,
    nullable: true,
    description:
      'A paper by its global id or by either of its own ids, as people write them; null when there is none.',
    args: {
      id: t.arg.id({
        required: true,
        description:
          'A global id; an arXiv id, with or without version, as "arXiv:2106.09685" or an arxiv.org abs or pdf address; a DOI, in any case, bare, as "doi:10.…" or a doi.org address; or a stable id ("t-…").',
      }),
    },
    resolve: (_root, { id }, ctx, info) =>
      ctx.papers.find(paperLookup(String(id)), new Planner(info).paper([...info.fieldNodes])),
  }),
}));

const PaperOrderEnum = builder.enumType('PaperOrder', {
  description: 'How to order papers.',
  values: {
    ADDED: { description: 'The order they were ingested in, and within one source the source’s order.' },
    NEWEST: { description: 'Most recently published first; undated papers last.' },
    OLDEST: { description: 'Earliest published first; undated papers last.' },
    TITLE: { description: 'By title, A to Z.' },
    RELEVANCE: {
      description:
        'Best match first: the search score, or the topic’s score in the paper; else ADDED. With `search`, cursors are positions in the ranking, not keys (full-text scores move as papers are added), so pages fetched around a write may repeat or miss a paper.',
    },
  } as const,
});

const PapersWhere = builder.inputType('PapersWhere', {
  description: 'Conditions a paper must all meet.',
  fields: (t) => ({
    search: t.string({ description: 'Words to find in the title or abstract (full-text, by relevance).' }),
    topic: t.string({ description: 'A topic the paper mentions, by name, alias or acronym.' }),
    allTopics: t.stringList({ description: 'Topics the paper mentions, all of them.' }),
    publishedFrom: t.string({
      description: 'Published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).',
    }),
    publishedTo: t.string({ description: 'Published on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).' }),
    category: t.string({ description: 'A subject category, such as "cs.LG".' }),
    author: t.string({ description: 'An author, by name (case, accents and punctuation do not matter).' }),
  }),
});

builder.queryFields((t) => ({
  papers: t.connection({
    type: PaperRef,
    description: 'Papers that meet every condition given, in the order asked.',
    args: {
      where: t.arg({ type: PapersWhere, description: 'Filters; all must hold.' }),
      orderBy: t.arg({
        type: PaperOrderEnum,
        description: 'RELEVANCE by default when searching or filtering by topic, else ADDED.',
      }),
    },
    resolve: (_root, args, ctx, info) => {
      const filter = paperFilter(args.where ?? {});
      const ranked = filter.search || filter.topics?.length;
      const asked = args.orderBy ?? (ranked ? 'RELEVANCE' : 'ADDED');
      const order = asked === 'RELEVANCE' && !ranked ? 'ADDED' : asked;
      return page(
        args,
        info,
        (request) => ctx.papers.page(filter, order, request),
        undefined,
        {
          paperPlan: new Planner(info).connection('QueryPapersConnection', 'QueryPapersConnectionEdge')
            .paperPlan,
        },
        // search scores move as the index changes: those pages are by offset
        order === 'RELEVANCE' && filter.search ? undefined : `papers:${order}`,
      );
    },
  }),
}));

const MAX_FILTER_TOPICS = 10;

function paperFilter(where: {
  search?: string | null;
  topic?: string | null;
  allTopics?: string[] | null;
  publishedFrom?: string | null;
  publishedTo?: string | null;
  category?: string | null;
  author?: string | null;
}): PaperFilter {
  const names = [...(where.topic ? [where.topic] : []), ...(where.allTopics ?? [])];
  if (names.length > MAX_FILTER_TOPICS) {
    throw badInput(
      `\`where.allTopics\` names ${names.length} topics; at most ${MAX_FILTER_TOPICS} are allowed`,
    );
  }
  const topics = names.map((name) => {
    const keys = canonicalKeys(name);
    if (keys.length === 0)
      throw badInput(`\`where\` names the topic ${JSON.stringify(name)}, which has no words`);
    return keys;
  });
  let search: string | null = null;
  if (where.search !== undefined && where.search !== null) {
    search = luceneQuery(searchTerms(where.search));
    if (search === '') throw badInput('`where.search` has no words to search for');
  }
  const from = where.publishedFrom ? dateBound(where.publishedFrom, 'publishedFrom', 'start') : null;
  const to = where.publishedTo ? dateBound(where.publishedTo, 'publishedTo', 'end') : null;
  const author = where.author ? authorKey(where.author) : null;
  if (where.author !== undefined && where.author !== null && !author) {
    throw badInput('`where.author` has no letters');
  }
  return {
    search,
    topics,
    publishedFrom: from,
    publishedTo: to,
    category: where.category ?? null,
    authorKey: author,
  };
}

/** "2023" → 2023-01-01 (start) or 2023-12-31 (end); "2023-02" → 2023-02-01 or 2023-02-28. */
export function dateBound(value: string, name: string, side: 'start' | 'end'): string {
  try {
    return boundary(value, side, name);
  } catch (error) {
    if (!(error instanceof WindowError)) throw error;
    throw badInput(
      `\`where.${name}\` must be a date (YYYY, YYYY-MM or YYYY-MM-DD), got ${JSON.stringify(value)}`,
    );
  }
}
