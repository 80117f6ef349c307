import type { MentionRow } from '../../db/papers-repo.ts';
import { builder } from '../builder.ts';

export interface MentionShape extends MentionRow {
  /** The text of the field the offsets point into. */
  source: string;
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
