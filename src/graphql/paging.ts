import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import type { NestedPlan, Paging, PaperPlan, TopicPlan } from '../db/compile-plan.ts';
import { loadNested } from '../db/nested-repo.ts';
import type { Page, PageRequest, Prefetched } from '../db/rows.ts';
import type { Context } from './context.ts';
import { badInput } from './errors.ts';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
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
export const paging = (r: PageRequest): Paging => ({
  offset: r.offset,
  limit: r.limit,
  withCount: r.withCount,
  after: r.after ?? null,
  before: r.before ?? null,
  backward: r.backward ?? false,
});

/**
 * Keyset cursors: the sort keys of an item (and the list they belong to), base64 JSON. A page after
 * a cursor starts right after that item's place in the order, wherever the item is now or whether
 * it is still there, so inserts and deletes between two requests neither repeat nor skip items.
 */
export function keysetCursor(list: string, keys: unknown[]): string {
  return Buffer.from(JSON.stringify([list, ...keys])).toString('base64');
}

function cursorKeys(list: string, cursor: string, argumentName: 'after' | 'before'): unknown[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
  } catch {
    decoded = null;
  }
  if (!Array.isArray(decoded) || decoded[0] !== list || decoded.length < 2) {
    throw badInput(`\`${argumentName}\` is not a cursor of this list`, { argumentName });
  }
  return decoded.slice(1);
}

/** The page a connection's arguments ask for, in keyset terms. */
function keysetWindow(args: PageArgs) {
  const first = args.first ?? (args.last === undefined || args.last === null ? DEFAULT_PAGE_SIZE : null);
  const last = args.last ?? null;
  const backward = first === null;
  return { first, last, backward, size: (backward ? last : first) ?? DEFAULT_PAGE_SIZE };
}

/** The keyset part of a request: rows between the cursors, read towards `before` when only `last` is given. */
export function keysetPaging(list: string, args: PageArgs, pageInfo: boolean, withCount: boolean): Paging {
  checkPage(args);
  const { backward, size } = keysetWindow(args);
  return {
    offset: 0,
    limit: rowsFor(size + 1, pageInfo),
    withCount,
    after: args.after ? cursorKeys(list, args.after, 'after') : null,
    before: args.before ? cursorKeys(list, args.before, 'before') : null,
    backward,
  };
}

/** A connection from keyset-paged rows (one past the page when `pageInfo` asked whether there is more). */
export function keysetConnection<T, N>(
  list: string,
  args: PageArgs,
  rows: T[],
  keys: unknown[][],
  toNode: (row: T) => N,
) {
  const { last, backward, size } = keysetWindow(args);
  let edges = rows.map((row, i) => ({ node: toNode(row), cursor: keysetCursor(list, keys[i] ?? []) }));
  const more = edges.length > size;
  edges = edges.slice(0, size);
  if (backward) edges.reverse();
  let cut = false;
  if (!backward && last !== null && edges.length > last) {
    edges = edges.slice(edges.length - last);
    cut = true;
  }
  return {
    edges,
    pageInfo: {
      hasNextPage: backward ? !!args.before : more,
      hasPreviousPage: backward ? more : cut || !!args.after,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

export interface Plans {
  paperPlan?: PaperPlan;
  topicPlan?: TopicPlan;
}

/**
 * A top-level connection: the page and, when selected, the total come from one statement. With a
 * `list` name it is paged by keyset cursors; without, its cursors are offsets.
 */
export async function page<T, N = T>(
  args: PageArgs,
  info: GraphQLResolveInfo,
  load: (request: PageRequest) => Promise<Page<T>>,
  toNode: (row: T) => N = (row) => row as unknown as N,
  plans: Plans = {},
  list?: string,
) {
  checkPage(args);
  const withCount = wantsTotal(info);
  const pageInfo = selects(info, ['pageInfo']);
  let total: number | null = null;
  const totalCount = async () => {
    if (total !== null) return total;
    const counted = await load({ offset: 0, limit: 0, withCount: true });
    return counted.total ?? 0;
  };
  if (list) {
    const result = await load({ ...keysetPaging(list, args, pageInfo, withCount), ...plans });
    total = result.total;
    return { ...keysetConnection(list, args, result.rows, result.keys ?? [], toNode), totalCount };
  }
  const connection = await resolveOffsetConnection(
    { args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE },
    async ({ offset, limit }) => {
      const result = await load({ offset, limit: rowsFor(limit, pageInfo), withCount, ...plans });
      total = result.total;
      return result.rows.map(toNode);
    },
  );
  return { ...connection, totalCount };
}

/** A nested list's plan without its paging: everything a batched statement loads under each parent. */
export type Selection<P = Exclude<NestedPlan, { kind: 'topic.trend' }>> = P extends unknown
  ? Omit<P, keyof Paging>
  : never;

export interface Nested {
  /** Names the loader: what is loaded, for which kind of parent. */
  name: string;
  parent: 'paper' | 'topic';
  parentKey: string;
  /** The list, when the statement that loaded the parent loaded it too (entries already decoded). */
  prefetched: Prefetched | undefined;
  /** Otherwise: what every parent's page at this level loads, in one batched statement (`UNWIND $keys`). */
  plan: () => Selection;
}

/**
 * A connection nested under a paper or topic: taken from what the parent's statement loaded when it
 * could plan this far, else loaded for all parents of this level at once (`UNWIND $keys`).
 */
export async function nestedPage<T, N>(
  ctx: Context,
  args: PageArgs,
  info: GraphQLResolveInfo,
  nested: Nested,
  toNode: (row: T) => N,
) {
  checkPage(args);
  const { prefetched } = nested;
  if (prefetched) {
    // the common case, once per parent: nothing to plan or batch
    return {
      ...keysetConnection(nested.name, args, prefetched.entries as T[], prefetched.keys, toNode),
      totalCount: async () => prefetched.total ?? (await batched<T>(ctx, nested, nested.plan()).count()),
    };
  }
  const batch = batched<T>(ctx, nested, nested.plan());
  const result = await batch.page(
    keysetPaging(nested.name, args, selects(info, ['pageInfo']), wantsTotal(info)),
  );
  return {
    ...keysetConnection(nested.name, args, result.rows, result.keys ?? [], toNode),
    totalCount: async () => result.total ?? (await batch.count()),
  };
}

/**
 * This parent's page through the loader that batches every parent of the level into one statement.
 * The loader is named by the whole plan: aliases of one list that select differently load apart.
 */
function batched<T>(ctx: Context, nested: Nested, selection: Selection) {
  const page = (request: Paging) => {
    const plan: NestedPlan = { ...selection, ...paging(request) };
    return ctx.loaders
      .get<Page<T>>(
        `${nested.name}:${JSON.stringify(plan)}`,
        (keys) => loadNested<T>(ctx.db, nested.parent, keys, plan),
        () => ({ rows: [], total: 0 }),
      )
      .load(nested.parentKey);
  };
  return {
    page,
    count: async () => (await page({ offset: 0, limit: 0, withCount: true })).total ?? 0,
  };
}
