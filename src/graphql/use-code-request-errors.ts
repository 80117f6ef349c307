import { GraphQLError, type OperationDefinitionNode, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Validation and parse failures carry a code too, so clients can tell them from execution errors. */
export function useCodeRequestErrors(): Plugin {
  return {
    onValidate: ({ addValidationRule }) => {
      addValidationRule((context: ValidationContext) => ({
        OperationDefinition(node: OperationDefinitionNode) {
          if (node.operation === 'subscription') {
            context.reportError(
              new GraphQLError('subscriptions are not served here; use a query or a mutation', {
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
