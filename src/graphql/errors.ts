import { GraphQLError } from 'graphql';

/** Errors a client can act on, typed by `extensions.code` and naming the argument at fault. */

export function badInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extensions } });
}

/** An argument that names nothing in the graph: `topic: "no such topic"`. */
export function notFound(message: string, argumentName: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'NOT_FOUND', argumentName } });
}
