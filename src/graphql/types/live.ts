import type { PaperWrite } from '../../db/live-repo.ts';
import { canonicalKeys } from '../../domain/keys.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { badInput } from '../errors.ts';
import { PaperRef, TopicRef } from '../refs.ts';

const MAX_TOPICS = 50;

/** What a subscriber asked for, as the keys a written paper's phrases are matched against. */
async function wantedKeys(ctx: Context, names: readonly string[]): Promise<Set<string>> {
  if (names.length > MAX_TOPICS) {
    throw badInput(`\`topics\` has ${names.length} names; at most ${MAX_TOPICS}`, { argumentName: 'topics' });
  }
  const wanted = new Set<string>();
  for (const name of names) {
    const keys = canonicalKeys(name);
    if (keys.length === 0) {
      throw badInput(`\`topics\` has ${JSON.stringify(name)}, which names no topic`, {
        argumentName: 'topics',
      });
    }
    // the topic an acronym stands for when the graph knows it; the name's own keys for a topic yet to come
    const topic = await ctx.topics.byName(keys);
    if (topic) wanted.add(topic.key);
    for (const key of keys) wanted.add(key);
  }
  return wanted;
}

const PaperAddedRef = builder.objectRef<PaperWrite & { wanted: Set<string> | null }>('PaperAdded').implement({
  description: 'A paper just written to the graph, by this server or any other process.',
  fields: (t) => ({
    writtenAt: t.exposeString('writtenAt', {
      description: 'When it was written (ISO 8601, the database’s clock).',
    }),
    paper: t.field({
      type: PaperRef,
      nullable: true,
      description: 'The paper as it is now; null if it was deleted since.',
      // straight from the graph: a subscription's context lives long, so its loaders would serve stale papers
      resolve: async (event, _args, ctx) => (await ctx.papers.byIds([event.id]))[0] ?? null,
    }),
    topics: t.field({
      type: [TopicRef],
      description:
        'The topics it mentions that the subscription asked for (all its topics when it asked for none).',
      resolve: (event, _args, ctx) =>
        ctx.topics.byKeyList(event.wanted ? event.keys.filter((k) => event.wanted?.has(k)) : event.keys),
    }),
  }),
});

builder.subscriptionType({ description: 'Live updates, over server-sent events at /graphql.' });

builder.subscriptionField('papersAdded', (t) =>
  t.field({
    type: PaperAddedRef,
    description:
      'Fires for every paper written (added or changed) that mentions one of the topics, or for every paper without `topics`; papers written by the command line or another server count too.',
    args: {
      topics: t.arg.stringList({
        description: 'Topic names or acronyms, as `topic(name:)` reads them; at most 50.',
      }),
    },
    subscribe: async (_root, args, ctx) => {
      const wanted = args.topics ? await wantedKeys(ctx, args.topics) : null;
      return ctx.watch.watch(wanted, (paper) => ({ ...paper, wanted }));
    },
    resolve: (event) => event,
  }),
);
