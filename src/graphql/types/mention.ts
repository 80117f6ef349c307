import type { LinkRow, MentionRow } from '../../db/rows.ts';
import { builder } from '../builder.ts';

export interface MentionShape extends MentionRow {
  /** The text of the field the offsets point into. */
  source: string;
}

/** The paper's texts, which a link's offsets point into. */
export interface PaperText {
  title: string;
  abstract: string;
}

export function mentionsOf(link: LinkRow | undefined, text: PaperText | undefined): MentionShape[] {
  if (!link || !text) return [];
  return link.mentions.map((m) => ({ ...m, source: m.field === 'title' ? text.title : text.abstract }));
}

export const TextFieldEnum = builder.enumType('TextField', {
  description: 'The part of a paper a mention was found in.',
  values: {
    TITLE: { value: 'title', description: 'The paper title.' },
    ABSTRACT: { value: 'abstract', description: 'The paper abstract.' },
  } as const,
});

export const MentionRef = builder.objectRef<MentionShape>('Mention').implement({
  description:
    'One occurrence of a topic in a paper: `text` is exactly `title` or `abstract` sliced from `start` to `end`.',
  fields: (t) => ({
    field: t.field({ type: TextFieldEnum, description: 'Title or abstract.', resolve: (m) => m.field }),
    start: t.exposeInt('start', {
      description: 'Offset of the first character (UTF-16 code units, 0-based).',
    }),
    end: t.exposeInt('end', { description: 'Offset just past the last character.' }),
    text: t.string({ description: 'The phrase as written.', resolve: (m) => m.source.slice(m.start, m.end) }),
  }),
});

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/**
 * The fields of an edge between a paper and a topic it mentions (Paper.topics and Topic.papers): the
 * topic's centrality to the paper, its count, and where it occurs.
 */
export function mentionEdgeFields<Node extends { edge?: { link?: LinkRow } }>(
  e: PothosSchemaTypes.ObjectFieldBuilder<Types, { node: Node }>,
  describe: { score: string; mentions: string },
  text: (node: Node) => PaperText | undefined,
) {
  return {
    score: e.float({
      description: describe.score,
      resolve: (edge) => edge.node.edge?.link?.score ?? 0,
    }),
    count: e.int({
      description: 'How many times the paper mentions the topic.',
      resolve: (edge) => edge.node.edge?.link?.count ?? 0,
    }),
    mentions: e.field({
      type: [MentionRef],
      description: describe.mentions,
      resolve: (edge) => mentionsOf(edge.node.edge?.link, text(edge.node)),
    }),
  };
}
