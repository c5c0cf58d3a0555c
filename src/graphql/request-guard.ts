import type { ApolloServerPlugin } from '@apollo/server';
import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Context } from './context.js';
import { checkFieldCount } from './document-budget.js';
import { checkLiterals, checkVariables, withoutSuggestions } from './input-check.js';
import { checkCost, limitRules, type QueryLimits } from './limits.js';

/**
 * Every operation, over HTTP or the websocket, passes the same checks in order of cost,
 * each before the step it protects:
 *   1. without a token, the source length (before parsing: the cheapest refusal);
 *   2. the token limit (the parser stops there);
 *   3. the field count, fragments expanded (before validation, whose cost is quadratic);
 *   4. validation, with the depth, alias and directive limits;
 *   5. the client's input: NUL bytes in literals, the variables against their types;
 *   6. the cost (after the variables, so its own coercion cannot fail as a 500).
 * Over HTTP, 1–3 are http/document-guard.ts (before Apollo), 2 and 4 Apollo's parse options
 * and validation rules, 5–6 the plugin below.
 */
export interface GuardOptions {
  limits: QueryLimits;
  /** Production hides "Did you mean" suggestions and refuses introspection. */
  production: boolean;
}

/**
 * Apollo would run a subscription sent over HTTP as if it were a query, its resolver meeting no
 * event (a TypeError, answered as a 500): it is the client's to send over the websocket.
 */
const subscriptionOverHttp = () =>
  new GraphQLError(
    'Subscriptions are served over the websocket at this same path (/graphql), with the graphql-transport-ws protocol; HTTP serves queries and mutations',
    { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
  );

/** Steps 5 and 6 for Apollo: a GraphQLError thrown here is answered with its http status. */
export function requestGuardPlugin({ limits, production }: GuardOptions): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation, operationName }) {
          if (operation?.operation === 'subscription') throw subscriptionOverHttp();
          checkInput(schema, document, operation ?? undefined, request.variables, production);
          checkCost(schema, document, request.variables, limits, operationName);
        },
      };
    },
  };
}

function checkInput(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  production: boolean,
): void {
  checkLiterals(document);
  if (operation) checkVariables(schema, operation, variables, production);
}

/** The websocket's validation rules (Apollo adds its own introspection rule over HTTP). */
export function wsValidationRules({ limits, production }: GuardOptions) {
  return [...specifiedRules, ...limitRules(limits), ...(production ? [NoSchemaIntrospectionCustomRule] : [])];
}

/**
 * graphql-js's own error with the code Apollo gives it over HTTP (its SyntaxError and
 * ValidationError): the same shape, so that one formatter serves both (error-codes.ts).
 */
const coded = (error: GraphQLError, code: string) =>
  new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.nodes ? undefined : error.source,
    positions: error.nodes ? undefined : error.positions,
    originalError: error.originalError ?? error,
    extensions: { ...error.extensions, code },
  });

/**
 * All six steps for a graphql-ws subscribe message (an authenticated socket): the ready
 * execution arguments, or the errors to answer with, coded as Apollo codes them.
 */
export function prepareWsOperation(
  schema: GraphQLSchema,
  payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
  options: GuardOptions,
): ExecutionArgs | readonly GraphQLError[] {
  const { limits, production } = options;
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: limits.maxTokens });
  } catch (err) {
    if (err instanceof GraphQLError) return [coded(err, 'GRAPHQL_PARSE_FAILED')];
    throw err;
  }
  try {
    checkFieldCount(document, limits.maxFields);
    const errors = validate(schema, document, wsValidationRules(options));
    if (errors.length) {
      // As Apollo's hideSchemaDetailsFromClientErrors does, on the errors themselves: a scalar's error may be reported as it is.
      if (production) for (const e of errors) e.message = withoutSuggestions(e.message);
      return errors.map((e) => coded(e, 'GRAPHQL_VALIDATION_FAILED'));
    }
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) {
      const message = payload.operationName
        ? `Unknown operation named "${payload.operationName}".`
        : 'Must provide operation name if query contains multiple operations.';
      return [new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
    }
    checkInput(schema, document, operation, payload.variables, production);
    checkCost(schema, document, payload.variables, limits, payload.operationName);
    return { schema, document, variableValues: payload.variables, operationName: payload.operationName };
  } catch (err) {
    if (err instanceof GraphQLError) return [err];
    throw err;
  }
}
