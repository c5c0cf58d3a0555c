import type { GraphQLFormattedError } from 'graphql';
import { ProviderError } from '../providers/http.js';
import { UnknownProviderError } from '../providers/registry.js';
import { AccountChoiceError } from '../services/account-choice.js';
import { CredentialInputError } from '../services/credential-input.js';
import { NotFoundError } from '../services/not-found.js';
import { SyncRequestError } from '../services/sync-engine.js';

/**
 * What a client sees of each domain error a service throws: one table, applied where every
 * answer is formatted (HTTP and websocket alike). Resolvers throw domain errors and
 * translate nothing. The codes (extensions.code) a client may branch on:
 *
 * - UNAUTHENTICATED: no valid token.
 * - BAD_USER_INPUT: the request can be fixed by the caller; `field` names the argument.
 * - NOT_FOUND: no such object for this user (another seller's id reads the same); `field` names the argument.
 * - PROVIDER_UNAVAILABLE: the provider did not answer usefully; try again later.
 * - NOT_IMPLEMENTED: an operation of the contract this version does not serve yet.
 * - GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED: the document itself (limits included).
 * - QUERY_TOO_COSTLY: the operation costs more than the limit (limits.ts).
 * - INTERNAL_SERVER_ERROR: ours; the message is never the cause (it is logged).
 */
type Extensions = Record<string, unknown> & { code: string };
type Rule<E extends Error> = [type: abstract new (...args: never[]) => E, extensions: (err: E) => Extensions];

const rule = <E extends Error>(type: abstract new (...args: never[]) => E, extensions: (err: E) => Extensions): Rule<Error> => [
  type,
  extensions as (err: Error) => Extensions,
];

const TABLE: Rule<Error>[] = [
  rule(UnknownProviderError, () => ({ code: 'BAD_USER_INPUT', field: 'providerId' })),
  rule(CredentialInputError, (e) => ({ code: 'BAD_USER_INPUT', field: e.problems[0]?.field, fields: e.problems })),
  rule(AccountChoiceError, (e) => ({ code: 'BAD_USER_INPUT', field: 'channelAccountId', accounts: e.accounts })),
  rule(NotFoundError, (e) => ({ code: 'NOT_FOUND', field: e.field })),
  rule(SyncRequestError, (e) => ({ code: 'BAD_USER_INPUT', field: e.field })),
  // The provider refused the credentials or the request: the seller fixes them. It did not answer: later.
  rule(ProviderError, (e) => ({ code: e.kind === 'unavailable' ? 'PROVIDER_UNAVAILABLE' : 'BAD_USER_INPUT', providerError: e.kind })),
];

/** The client's view of an error a resolver threw: the table's, or the formatted error as it is. */
export function clientError(formatted: GraphQLFormattedError, thrown: unknown): GraphQLFormattedError {
  const cause = (thrown as { originalError?: unknown } | undefined)?.originalError ?? thrown;
  for (const [type, extensions] of TABLE) {
    if (cause instanceof type) return { message: cause.message, locations: formatted.locations, path: formatted.path, extensions: extensions(cause) };
  }
  return formatted;
}
