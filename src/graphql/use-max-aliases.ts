import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** At most `n` aliases a query, refused with the code and the limit clients see for the other limits. */
export function useMaxAliases(n: number): Plugin {
  return maxAliasesPlugin({
    n,
    propagateOnRejection: false,
    onReject: [
      (context, error) =>
        context?.reportError(
          new GraphQLError(error.message.replace(/^Syntax Error: /, 'the query has too many aliases: '), {
            extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'aliases' },
          }),
        ),
    ],
  });
}
