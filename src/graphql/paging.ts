import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { GraphQLError, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import type { PagesByKey } from '../db/nested-repo.ts';
import type { PageRequest } from '../db/papers-repo.ts';
import type { PaperPlan, Prefetched, TopicPlan } from '../db/plans.ts';
import type { Page } from '../db/rows.ts';
import type { Context } from './context.ts';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export function badInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extensions } });
}

/** Refuses page sizes over the limit with a typed error instead of a masked one. */
export function checkPage(args: PageArgs): void {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value !== undefined && value !== null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw badInput(`\`${name}\` must be between 0 and ${MAX_PAGE_SIZE}, got ${value}`, {
        argumentName: name,
      });
    }
  }
}

/** Whether the field's selection reaches `path` (["edges", "sharedTopics"]), through fragments too. */
export function selects(info: GraphQLResolveInfo, path: string[]): boolean {
  const visit = (set: SelectionSetNode | undefined, rest: string[], depth: number): boolean =>
    !!set &&
    depth < 16 &&
    set.selections.some((s) => {
      if (s.kind === Kind.FIELD) {
        if (s.name.value !== rest[0]) return false;
        return rest.length === 1 || visit(s.selectionSet, rest.slice(1), depth + 1);
      }
      if (s.kind === Kind.INLINE_FRAGMENT) return visit(s.selectionSet, rest, depth + 1);
      return visit(info.fragments[s.name.value]?.selectionSet, rest, depth + 1);
    });
  return info.fieldNodes.some((n) => visit(n.selectionSet, path, 0));
}

/** Whether the connection's selection asks for `totalCount`. */
export const wantsTotal = (info: GraphQLResolveInfo) => selects(info, ['totalCount']);

/**
 * Rows to load for a page: Relay's helpers ask one past the page to tell `hasNextPage`, which only
 * `pageInfo` shows; without it the extra row (a sixth topic of every paper on a page) is wasted.
 */
export const rowsFor = (limit: number, pageInfo: boolean) => (pageInfo ? limit : Math.max(limit - 1, 0));

/** The paging part of a request, for a nested plan. */
export const paging = (r: PageRequest) => ({ offset: r.offset, limit: r.limit, withCount: r.withCount });

export interface Plans {
  paperPlan?: PaperPlan;
  topicPlan?: TopicPlan;
}

/** A top-level connection: the page and, when selected, the total come from one statement. */
export async function page<T, N = T>(
  args: PageArgs,
  info: GraphQLResolveInfo,
  load: (request: PageRequest) => Promise<Page<T>>,
  toNode: (row: T) => N = (row) => row as unknown as N,
  plans: Plans = {},
) {
  checkPage(args);
  const withCount = wantsTotal(info);
  const pageInfo = selects(info, ['pageInfo']);
  let total: number | null = null;
  const connection = await resolveOffsetConnection(
    { args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE },
    async ({ offset, limit }) => {
      const result = await load({ offset, limit: rowsFor(limit, pageInfo), withCount, ...plans });
      total = result.total;
      return result.rows.map(toNode);
    },
  );
  return {
    ...connection,
    totalCount: async () => {
      if (total !== null) return total;
      const counted = await load({ offset: 0, limit: 0, withCount: true });
      return counted.total ?? 0;
    },
  };
}

export interface Nested<T> {
  /** Names the loader: what is loaded, for which kind of parent. */
  name: string;
  parentKey: string;
  /** The list, when the statement that loaded the parent loaded it too (entries already decoded). */
  prefetched: Prefetched | undefined;
  /** Otherwise: every parent's page at this level, in one batched statement. */
  load: (keys: readonly string[], request: PageRequest) => Promise<PagesByKey<T>>;
  /** What the batched statement loads under each item (computed only when it runs). */
  plans: () => Plans;
}

/**
 * A connection nested under a paper or topic: taken from what the parent's statement loaded when it
 * could plan this far, else loaded for all parents of this level at once (`UNWIND $keys`).
 */
export async function nestedPage<T, N>(
  ctx: Context,
  args: PageArgs,
  info: GraphQLResolveInfo,
  nested: Nested<T>,
  toNode: (row: T) => N,
) {
  checkPage(args);
  const options = { args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE };
  const { prefetched } = nested;
  if (prefetched) {
    // the common case, once per parent: nothing to plan or batch
    const connection = await resolveOffsetConnection(options, async () =>
      (prefetched.entries as T[]).map(toNode),
    );
    return {
      ...connection,
      totalCount: async () => prefetched.total ?? (await batched(ctx, nested, {}).count()),
    };
  }
  const withCount = wantsTotal(info);
  const batch = batched(ctx, nested, nested.plans());
  let total: number | null = null;
  const connection = await resolveOffsetConnection(options, async ({ offset, limit }) => {
    const result = await batch.page({
      offset,
      limit: rowsFor(limit, selects(info, ['pageInfo'])),
      withCount,
    });
    total = result.total;
    return result.rows.map(toNode);
  });
  return { ...connection, totalCount: async () => total ?? (await batch.count()) };
}

/** This parent's page through the loader that batches every parent of the level into one statement. */
function batched<T>(ctx: Context, nested: Nested<T>, plans: Plans) {
  const variant = JSON.stringify(plans);
  const page = (request: PageRequest) =>
    ctx.loaders
      .get<Page<T>>(
        `${nested.name}:${variant}:${request.offset}:${request.limit}:${request.withCount}`,
        (keys) => nested.load(keys, { ...request, ...plans }),
        () => ({ rows: [], total: 0 }),
      )
      .load(nested.parentKey);
  return {
    page,
    count: async () => (await page({ offset: 0, limit: 0, withCount: true })).total ?? 0,
  };
}
