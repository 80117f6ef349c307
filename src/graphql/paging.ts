import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { GraphQLError, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import type { PageRequest, PagesByKey } from '../db/papers-repo.ts';
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

/** Whether the connection's selection asks for `totalCount` (directly or through fragments). */
export function wantsTotal(info: GraphQLResolveInfo): boolean {
  const visit = (set: SelectionSetNode | undefined, depth: number): boolean =>
    !!set &&
    depth < 8 &&
    set.selections.some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === 'totalCount';
      if (s.kind === Kind.INLINE_FRAGMENT) return visit(s.selectionSet, depth + 1);
      return visit(info.fragments[s.name.value]?.selectionSet, depth + 1);
    });
  return info.fieldNodes.some((n) => visit(n.selectionSet, 0));
}

/** A top-level connection: the page and, when selected, the total come from one statement. */
export async function page<T, N = T>(
  args: PageArgs,
  info: GraphQLResolveInfo,
  load: (request: PageRequest) => Promise<Page<T>>,
  toNode: (row: T) => N = (row) => row as unknown as N,
) {
  checkPage(args);
  const withCount = wantsTotal(info);
  let total: number | null = null;
  let request: PageRequest | null = null;
  const connection = await resolveOffsetConnection(
    { args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE },
    async ({ offset, limit }) => {
      request = { offset, limit, withCount };
      const result = await load(request);
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

/**
 * A connection nested under a list of parents: every parent's page at one nesting level comes from one
 * batched statement (`UNWIND $keys`), whatever the number of parents.
 */
export async function nestedPage<T, N>(
  ctx: Context,
  args: PageArgs,
  info: GraphQLResolveInfo,
  name: string,
  parentKey: string,
  load: (keys: readonly string[], request: PageRequest) => Promise<PagesByKey<T>>,
  toNode: (row: T) => N,
) {
  checkPage(args);
  const withCount = wantsTotal(info);
  const loader = (request: PageRequest) =>
    ctx.loaders.get<Page<T>>(
      `${name}:${request.offset}:${request.limit}:${request.withCount}`,
      (keys) => load(keys, request),
      () => ({ rows: [], total: 0 }),
    );
  let total: number | null = null;
  const connection = await resolveOffsetConnection(
    { args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE },
    async ({ offset, limit }) => {
      const result = await loader({ offset, limit, withCount }).load(parentKey);
      total = result.total;
      return result.rows.map(toNode);
    },
  );
  return {
    ...connection,
    totalCount: async () => {
      if (total !== null) return total;
      return (await loader({ offset: 0, limit: 0, withCount: true }).load(parentKey)).total ?? 0;
    },
  };
}
