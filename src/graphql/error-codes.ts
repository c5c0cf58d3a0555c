import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from '../db/connection-errors.js';
import {
  AccountChoiceError,
  CredentialInputError,
  InputError,
  NotFoundError,
  NotImplementedError,
  ProviderError,
  UnknownProviderError,
} from '../domain/errors.js';
import { literalProblem } from './input-check.js';

/**
 * What a client sees of each domain error a service throws: one table, applied where every
 * answer is formatted (HTTP and websocket alike). Resolvers throw domain errors and
 * translate nothing. The codes (extensions.code) a client may branch on:
 *
 * - UNAUTHENTICATED: no valid token.
 * - BAD_USER_INPUT: the request can be fixed by the caller; `field` names the argument (a mistake
 *   in a literal too, which graphql-js reports as a validation failure).
 * - BAD_REQUEST: the HTTP request itself is wrong (a subscription sent over HTTP).
 * - NOT_FOUND: no such object for this user (another seller's id reads the same); `field` names the argument.
 * - PROVIDER_UNAVAILABLE: the provider did not answer usefully; try again later.
 * - SERVICE_UNAVAILABLE: the database is away (a restart, a failover); the same request will do
 *   in a few seconds (HTTP 503 with Retry-After).
 * - NOT_IMPLEMENTED: an operation of the contract this version does not serve yet.
 * - GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED: the document itself (limits included).
 * - QUERY_TOO_COSTLY: the operation costs more than the limit (limits.ts).
 * - INTERNAL_SERVER_ERROR: ours; the message is never the cause (it is logged).
 */
type Extensions = Record<string, unknown> & { code: string };
interface Rule {
  matches: (err: unknown) => boolean;
  extensions: (err: Error) => Extensions;
  /** What the client reads instead of the error's own message. */
  message?: string;
}

const rule = <E extends Error>(type: abstract new (...args: never[]) => E, extensions: (err: E) => Extensions): Rule => ({
  matches: (err) => err instanceof type,
  extensions: extensions as (err: Error) => Extensions,
});

const TABLE: Rule[] = [
  rule(InputError, (e) => ({ code: 'BAD_USER_INPUT', field: e.field })),
  rule(UnknownProviderError, (e) => ({ code: 'BAD_USER_INPUT', field: e.field })),
  rule(CredentialInputError, (e) => ({ code: 'BAD_USER_INPUT', field: e.problems[0]?.field, fields: e.problems })),
  rule(AccountChoiceError, (e) => ({ code: 'BAD_USER_INPUT', field: e.field, accounts: e.accounts })),
  rule(NotFoundError, (e) => ({ code: 'NOT_FOUND', field: e.field })),
  rule(NotImplementedError, () => ({ code: 'NOT_IMPLEMENTED' })),
  // The provider refused the credentials or the request: the seller fixes them. It did not answer: later.
  rule(ProviderError, (e) => ({ code: e.kind === 'unavailable' ? 'PROVIDER_UNAVAILABLE' : 'BAD_USER_INPUT', providerError: e.kind })),
  // Whatever statement met the outage: the driver's words may hold data, and say nothing the client can use.
  // A GraphQLError is never the driver's, and its message may quote the client's words.
  {
    matches: (err) => !(err instanceof GraphQLError) && isDatabaseUnavailable(err),
    extensions: () => ({ code: 'SERVICE_UNAVAILABLE' }),
    message: 'The database is unavailable at the moment: try again in a few seconds',
  },
];

const ruleFor = (cause: unknown): Rule | undefined => TABLE.find((r) => r.matches(cause));

/** The code the table gives a thrown error, or undefined. */
export const codeOf = (err: unknown): string | undefined => (err instanceof Error ? ruleFor(err)?.extensions(err).code : undefined);

/** The seconds a client is told to wait (Retry-After) before sending a SERVICE_UNAVAILABLE request again. */
const RETRY_AFTER_SECONDS = 5;

/** The HTTP status of an answer carrying these codes, where it is not Apollo's own. */
const HTTP_BY_CODE: Record<string, { status: number; headers: Map<string, string> }> = {
  SERVICE_UNAVAILABLE: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) },
};

/**
 * The client's view of any error, over HTTP (Apollo's formatError) and the websocket alike:
 * the table's for a domain error, a literal's mistake named as a variable's is, an unexpected
 * error masked, anything else as formatted.
 */
export function clientError(formatted: GraphQLFormattedError, thrown: unknown): GraphQLFormattedError {
  const cause = (thrown as { originalError?: unknown } | undefined)?.originalError ?? thrown;
  const { locations, path } = formatted;
  const rule = ruleFor(cause);
  if (rule) return { message: rule.message ?? (cause as Error).message, locations, path, extensions: rule.extensions(cause as Error) };
  const literal = formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && thrown instanceof GraphQLError ? literalProblem(thrown) : undefined;
  if (literal) return { message: literal.message, locations, extensions: { code: 'BAD_USER_INPUT', field: literal.field } };
  // Unexpected errors may carry driver messages with data in them: clients get a plain line.
  if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR')
    return { message: 'Internal server error', locations, path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  return formatted;
}

/**
 * The client's view of a GraphQLError that no Apollo formatted (graphql-ws's, and the log's
 * reading of Apollo's): as Apollo first shapes one (a code, INTERNAL_SERVER_ERROR when it has
 * none; `http` kept to itself), then clientError.
 */
export function clientErrorOf(error: GraphQLError): GraphQLFormattedError {
  const { http: _http, ...extensions } = error.extensions;
  return clientError({ ...error.toJSON(), extensions: { ...extensions, code: extensions.code ?? 'INTERNAL_SERVER_ERROR' } }, error);
}

/**
 * An error thrown before Apollo runs the operation (while making its context), carrying the
 * HTTP status of the code it will be answered with: Apollo reads the status there only.
 */
export function withHttpStatus(err: unknown): unknown {
  const http = err instanceof GraphQLError ? undefined : HTTP_BY_CODE[codeOf(err) ?? ''];
  // codeOf knows Errors only.
  return http ? new GraphQLError((err as Error).message, { originalError: err as Error, extensions: { http } }) : err;
}

/** Answers carrying a code of HTTP_BY_CODE with its status (and headers): a 503 for SERVICE_UNAVAILABLE. */
export function httpStatusPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          const http = errors?.map((e) => HTTP_BY_CODE[String(e.extensions?.code)]).find((h) => h);
          if (!http) return;
          response.http.status = http.status;
          for (const [name, value] of http.headers) response.http.headers.set(name, value);
        },
      };
    },
  };
}
