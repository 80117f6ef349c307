import { GraphQLError, type OperationDefinitionNode, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const SUBSCRIPTIONS_OVER_SSE =
  'subscriptions are served over server-sent events: send `Accept: text/event-stream`';

const acceptsEvents = (context: unknown) =>
  (context as { request?: Request }).request?.headers.get('accept')?.includes('text/event-stream') ?? false;

/**
 * Validation and parse failures carry a code too, so clients can tell them from execution errors; a
 * subscription asked for as one JSON answer is refused in words that say how to ask.
 */
export function useCodeRequestErrors(): Plugin {
  return {
    onValidate: ({ addValidationRule, context: requestContext }) => {
      const events = acceptsEvents(requestContext);
      addValidationRule((context: ValidationContext) => ({
        OperationDefinition(node: OperationDefinitionNode) {
          if (node.operation === 'subscription' && !events) {
            context.reportError(
              new GraphQLError(SUBSCRIPTIONS_OVER_SSE, {
                nodes: [node],
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
              }),
            );
          }
        },
      }));
      return ({ result, setResult }) => {
        if (result.length > 0) {
          setResult(
            result.map((e) =>
              e.extensions?.code
                ? e
                : new GraphQLError(e.message, {
                    nodes: e.nodes,
                    extensions: { ...e.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
                  }),
            ),
          );
        }
      };
    },
  };
}
