import { GraphQLError, type DocumentNode, type GraphQLSchema, type ValidationContext, type ValidationRule } from 'graphql';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { inputError } from './input-check.js';
import { maxPageSizeOf, pageSizeProblem } from './pagination.js';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  /** The parser stops after this many tokens. */
  maxTokens: number;
  /** Fields, fragments expanded; checked before validation (document-budget.ts). */
  maxFields: number;
  maxDirectives: number;
}

// Report a breach as an ordinary validation error (GRAPHQL_VALIDATION_FAILED) rather than
// throwing out of validation, which the server would treat as its own failure.
const asValidationError = {
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(err)],
};

/** Depth, alias and directive limits: plain validation rules, for HTTP and websocket alike. */
export function limitRules(limits: QueryLimits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxDepth, ...asValidationError }) as unknown as ValidationRule,
    maxAliasesRule({ n: limits.maxAliases, ...asValidationError }) as unknown as ValidationRule,
    maxDirectivesRule({ n: limits.maxDirectives, ...asValidationError }) as unknown as ValidationRule,
  ];
}

/**
 * A list asked for with `first: N` costs N times what one of its elements costs. A page past
 * the list's maximum is refused here, saying the maximum: its cost would be a worse reason.
 */
const pagedEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (typeof args.first !== 'number') return undefined;
  const problem = pageSizeProblem(args.first, maxPageSizeOf(field));
  if (problem) throw inputError([{ field: 'first', message: problem }]);
  return 1 + args.first * Math.max(childComplexity, 1);
};

/**
 * Throws a client error when the operation would cost more than the limit. Run it after
 * the variables are checked (input-check.ts); if working out the cost fails all the same,
 * that is answered as the client's (400, with a code), never as a 500.
 */
export function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  limits: QueryLimits,
  operationName?: string | null,
): void {
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      variables: { ...variables },
      operationName: operationName ?? undefined,
      estimators: [pagedEstimator, simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch (err) {
    if (err instanceof GraphQLError && err.extensions.code) throw err;
    const reason = err instanceof Error ? err.message.slice(0, 200) : 'unknown';
    throw new GraphQLError(`The cost of this operation could not be worked out: ${reason}`, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  }
  if (cost > limits.maxCost) {
    throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${limits.maxCost}: ask for fewer fields or smaller pages (first)`, {
      extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: limits.maxCost, http: { status: 400 } },
    });
  }
}
