import { GraphQLError } from 'graphql';
import type { FollowerRow, FollowsRow, FollowTargets } from '../../db/follow-repo.ts';
import { authorKey } from '../../domain/authors.ts';
import { canonicalKeys } from '../../domain/keys.ts';
import {
  type Address,
  MailDeliveryError,
  MailUnavailableError,
  parseAddress,
  savedSearch,
} from '../../follow/service.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { badInput, notFound } from '../errors.ts';
import { TopicRef } from '../refs.ts';

export const MAX_FOLLOWS_PER_CALL = 50;
/** Points of the expensive-operation budget: a call that mails an address costs far more. */
const FOLLOW_COST = 1;
const MAIL_COST = 30;

interface FollowingShape {
  email: string | null;
  confirmed: boolean;
  follows: FollowsRow;
}

const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });

const PENDING = 'Waits for the address to be confirmed through the link mailed to it.';

const FollowedTopicRef = builder.objectRef<FollowsRow['topics'][number]>('FollowedTopic').implement({
  description: 'A topic followed.',
  fields: (t) => ({
    topic: t.field({ type: TopicRef, resolve: (f) => f.topic, description: 'The topic.' }),
    pending: t.exposeBoolean('pending', { description: PENDING }),
    since: t.exposeString('since', { description: 'When it was followed (ISO date-time).' }),
  }),
});

const FollowedAuthorRef = builder.objectRef<FollowsRow['authors'][number]>('FollowedAuthor').implement({
  description: 'An author followed.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The author’s name as papers give it.' }),
    pending: t.exposeBoolean('pending', { description: PENDING }),
    since: t.exposeString('since', { description: 'When it was followed (ISO date-time).' }),
  }),
});

const FollowedSearchRef = builder.objectRef<FollowsRow['searches'][number]>('FollowedSearch').implement({
  description: 'A saved full-text search followed: new papers with every one of its words.',
  fields: (t) => ({
    query: t.exposeString('query', { description: 'Its words, normalised.' }),
    pending: t.exposeBoolean('pending', { description: PENDING }),
    since: t.exposeString('since', { description: 'When it was followed (ISO date-time).' }),
  }),
});

const FollowingRef = builder.objectRef<FollowingShape>('Following').implement({
  description: 'What one follower (an API key, or an e-mail address) follows, and where its digest goes.',
  fields: (t) => ({
    email: t.exposeString('email', {
      nullable: true,
      description: 'Where the daily digest goes; none for an API key that gave no address.',
    }),
    confirmed: t.exposeBoolean('confirmed', {
      description: 'The address is confirmed and not unsubscribed: digests go out.',
    }),
    topics: t.field({ type: [FollowedTopicRef], resolve: (f) => f.follows.topics, description: 'Topics.' }),
    authors: t.field({
      type: [FollowedAuthorRef],
      resolve: (f) => f.follows.authors,
      description: 'Authors.',
    }),
    searches: t.field({
      type: [FollowedSearchRef],
      resolve: (f) => f.follows.searches,
      description: 'Saved searches.',
    }),
  }),
});

interface FollowPayload {
  pending: boolean;
  confirmationSent: boolean;
  retryAfterSeconds: number | null;
  following: FollowingShape | null;
}

const FollowPayloadRef = builder.objectRef<FollowPayload>('FollowPayload').implement({
  description: 'What a follow did.',
  fields: (t) => ({
    pending: t.exposeBoolean('pending', {
      description: 'The follows wait for the address to be confirmed through the link mailed to it.',
    }),
    confirmationSent: t.exposeBoolean('confirmationSent', {
      description: 'A confirmation link was mailed with this call.',
    }),
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', {
      nullable: true,
      description:
        'Set when a confirmation was due but one went to the address moments ago: its link confirms these follows too, and a new one may be asked for after this many seconds.',
    }),
    following: t.field({
      type: FollowingRef,
      nullable: true,
      description:
        'Everything the API key follows now; null when following by address alone, which proves nothing until confirmed.',
      resolve: (p) => p.following,
    }),
  }),
});

const UnfollowPayloadRef = builder
  .objectRef<{ removed: number; following: FollowingShape }>('UnfollowPayload')
  .implement({
    description: 'What an unfollow removed.',
    fields: (t) => ({
      removed: t.exposeInt('removed', { description: 'Follows removed (what was not followed is ignored).' }),
      following: t.field({
        type: FollowingRef,
        resolve: (p) => p.following,
        description: 'What is followed now.',
      }),
    }),
  });

const targetFields = {
  topics: 'Topic names, as `topic(name:)` reads them: any case, plural, hyphenation or acronym.',
  authors: 'Author names, as papers give them (case and punctuation do not matter).',
  searches: 'Full-text searches over titles and abstracts: a new paper with every word is listed.',
};

const FollowInput = builder.inputType('FollowInput', {
  description: `Things to follow, at most ${MAX_FOLLOWS_PER_CALL} in all; each must exist in the graph.`,
  fields: (t) => ({
    topics: t.stringList({ description: targetFields.topics }),
    authors: t.stringList({ description: targetFields.authors }),
    searches: t.stringList({ description: targetFields.searches }),
    email: t.string({
      description:
        'Without an API key: the address to follow for; the follows wait until it is confirmed through a link mailed to it. With one: where the key’s daily digest goes, confirmed the same way.',
    }),
  }),
});

const UnfollowInput = builder.inputType('UnfollowInput', {
  description: 'Things to stop following.',
  fields: (t) => ({
    topics: t.stringList({ description: targetFields.topics }),
    authors: t.stringList({ description: targetFields.authors }),
    searches: t.stringList({ description: targetFields.searches }),
    token: t.string({
      description:
        'The token of the links in any digest, for a follower by e-mail; else the API key is used.',
    }),
  }),
});

interface TargetInput {
  topics?: string[] | null;
  authors?: string[] | null;
  searches?: string[] | null;
}

/** Names resolved as the graph knows them; a name of nothing is NOT_FOUND, naming the argument. */
async function resolveTargets(ctx: Context, input: TargetInput): Promise<FollowTargets> {
  const topicNames = input.topics ?? [];
  const authorNames = input.authors ?? [];
  const searchTexts = input.searches ?? [];
  const count = topicNames.length + authorNames.length + searchTexts.length;
  if (count === 0) throw badInput('give at least one of `topics`, `authors` or `searches`');
  if (count > MAX_FOLLOWS_PER_CALL) {
    throw badInput(`${count} things to follow; at most ${MAX_FOLLOWS_PER_CALL} per call`);
  }
  const topics: string[] = [];
  for (const [i, name] of topicNames.entries()) {
    const keys = canonicalKeys(name);
    if (keys.length === 0) {
      throw badInput(`\`topics[${i}]\` ${JSON.stringify(name)} names no topic`, {
        argumentName: `input.topics[${i}]`,
      });
    }
    const topic = await ctx.topics.byName(keys);
    if (!topic) throw notFound(`there is no topic ${JSON.stringify(name)}`, `input.topics[${i}]`);
    topics.push(topic.key);
  }
  const authorKeys = authorNames.map(authorKey);
  const known = new Set((await ctx.follow.repo.authorsByKeys(authorKeys)).map((a) => a.key));
  for (const [i, key] of authorKeys.entries()) {
    if (!known.has(key))
      throw notFound(`there is no author ${JSON.stringify(authorNames[i])}`, `input.authors[${i}]`);
  }
  const searches = searchTexts.map((text, i) => {
    const search = savedSearch(text);
    if (!search) {
      throw badInput(`\`searches[${i}]\` ${JSON.stringify(text)} has no words to search for`, {
        argumentName: `input.searches[${i}]`,
      });
    }
    return search;
  });
  return { topics: [...new Set(topics)], authors: [...new Set(authorKeys)], searches };
}

async function followingOf(ctx: Context, follower: FollowerRow | null): Promise<FollowingShape> {
  if (!follower) return { email: null, confirmed: false, follows: { topics: [], authors: [], searches: [] } };
  return {
    email: follower.email,
    confirmed: follower.confirmed,
    follows: await ctx.follow.repo.follows(follower.id),
  };
}

/** The key presented, if it is valid; a key that is not valid is refused rather than ignored. */
function keyOf(ctx: Context): string | null {
  if (ctx.auth.presented && !ctx.auth.valid) throw unauthenticated('the API key is not valid');
  return ctx.auth.keyId ?? null;
}

/** The follower a token or the API key names; neither is UNAUTHENTICATED. */
async function callerFollower(ctx: Context, token: string | null | undefined): Promise<FollowerRow | null> {
  if (token) {
    const follower = await ctx.follow.byToken(token);
    if (!follower) throw unauthenticated('the token is not valid');
    return follower;
  }
  const keyId = keyOf(ctx);
  if (!keyId)
    throw unauthenticated('give the `token` of a digest’s links, or send "Authorization: Bearer <key>"');
  return ctx.follow.repo.byKey(keyId);
}

function mailErrors(error: unknown): never {
  if (error instanceof MailUnavailableError || error instanceof MailDeliveryError) {
    throw new GraphQLError(error.message, { extensions: { code: 'SERVICE_UNAVAILABLE' } });
  }
  throw error;
}

builder.queryFields((t) => ({
  following: t.field({
    type: FollowingRef,
    description:
      'What the caller follows: the follower of the given token (from the links of any message), else of the API key sent.',
    args: {
      token: t.arg.string({ description: 'The `token` of the links in a digest or confirmation mail.' }),
    },
    resolve: async (_root, args, ctx) => followingOf(ctx, await callerFollower(ctx, args.token)),
  }),
}));

builder.mutationFields((t) => ({
  follow: t.field({
    type: FollowPayloadRef,
    description:
      'Follows topics, authors or saved searches, for the API key sent or, without one, for an `email` address (double opt-in: nothing is mailed to it but the confirmation link until that link is opened). Confirmed followers get a daily digest of the new papers on what they follow and of the trending papers.',
    args: { input: t.arg({ type: FollowInput, required: true, description: 'What to follow.' }) },
    resolve: async (_root, { input }, ctx) => {
      const keyId = keyOf(ctx);
      let address: Address | null = null;
      if (input.email !== null && input.email !== undefined) {
        address = parseAddress(input.email);
        if (!address) {
          throw badInput(`\`email\` ${JSON.stringify(input.email)} is not an address like name@example.org`, {
            argumentName: 'input.email',
          });
        }
      }
      if (!keyId && !address) {
        throw unauthenticated('following needs an `email` to confirm, or "Authorization: Bearer <key>"');
      }
      const targets = await resolveTargets(ctx, input);
      await ctx.expensive.spend(ctx.client, address ? MAIL_COST : FOLLOW_COST, 'follow');
      try {
        const outcome = keyId
          ? await ctx.follow.followAsKey(keyId, targets, address)
          : await ctx.follow.followAsEmail(address as Address, targets);
        return {
          pending: outcome.pending,
          confirmationSent: outcome.confirmation?.sent ?? false,
          retryAfterSeconds: outcome.confirmation?.retryAfterSeconds ?? null,
          following: keyId ? await followingOf(ctx, outcome.follower) : null,
        };
      } catch (error) {
        return mailErrors(error);
      }
    },
  }),
  unfollow: t.field({
    type: UnfollowPayloadRef,
    description:
      'Stops following topics, authors or saved searches, for the given `token` or the API key sent.',
    args: { input: t.arg({ type: UnfollowInput, required: true, description: 'What to stop following.' }) },
    resolve: async (_root, { input }, ctx) => {
      const follower = await callerFollower(ctx, input.token);
      const targets = await resolveTargets(ctx, input);
      const removed = follower ? await ctx.follow.repo.unfollow(follower.id, targets) : 0;
      return { removed, following: await followingOf(ctx, follower) };
    },
  }),
}));
