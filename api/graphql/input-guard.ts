// The text rule (domain/shared/validation.ts) for every string a GraphQL request carries: variables
// and literals in the query, IDs included. Field schemas apply it with their labels, but many
// strings reach SQL or an event without one (record ids, stream ids, review opinions, reasons), and
// Postgres refuses NUL in text and jsonb: such a request would fail half-way with a 500. Here it is
// refused before anything runs, with the argument's path, as any other bad input.
import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, GraphQLError, Kind, visit, type ValueNode } from 'graphql';
import { findForbiddenText } from '../../domain/shared/validation';
import { ERROR_CODES } from './errors';

type Found = { field: string; problem: string };

function inLiteral(node: ValueNode, path: string[]): Found | undefined {
  switch (node.kind) {
    case Kind.STRING:
      return findForbiddenText(node.value, path);
    case Kind.LIST:
      for (const [i, value] of node.values.entries()) {
        const found = inLiteral(value, [...path, String(i)]);
        if (found) return found;
      }
      return undefined;
    case Kind.OBJECT:
      for (const field of node.fields) {
        const found = inLiteral(field.value, [...path, field.name.value]);
        if (found) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

export const textInputGuard: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document }) {
        let found = findForbiddenText(request.variables ?? {});
        if (!found) {
          // Literals in arguments (directives' too) and in variables' default values.
          visit(document, {
            Argument(node) {
              found = inLiteral(node.value, [node.name.value]);
              return found ? BREAK : false;
            },
            VariableDefinition(node) {
              found = node.defaultValue && inLiteral(node.defaultValue, [node.variable.name.value]);
              return found ? BREAK : false;
            },
          });
        }
        if (!found) return;
        throw new GraphQLError(`${ERROR_CODES.BAD_USER_INPUT}：输入不能包含${found.problem}`, {
          extensions: { code: 'BAD_USER_INPUT', fields: [{ field: found.field, message: `不能包含${found.problem}` }], http: { status: 400 } },
        });
      },
    };
  },
};
