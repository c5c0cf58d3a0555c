import { GraphQLError } from 'graphql';

/** The error codes of the contract; clients branch on extensions.code. */
export const unauthenticated = (message = 'Sign in first: send an Authorization: Bearer <token> header') =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

export const badInput = (message: string, field?: string, fields?: Array<{ field: string; message: string }>) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}), ...(fields ? { fields } : {}) } });

/** Which of several accounts: the message names them, `accounts` lists them for a client to offer. */
export const accountChoice = (message: string, accounts: Array<{ id: string; displayName: string }>) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field: 'channelAccountId', accounts } });

export const notFound = (what: string, id: string) => new GraphQLError(`${what} ${id} does not exist`, { extensions: { code: 'NOT_FOUND' } });

/** For contract operations whose issue has not landed yet. */
export const notAvailableYet = (operation: string) =>
  new GraphQLError(`${operation} is not available yet in this version of Sutra`, { extensions: { code: 'NOT_IMPLEMENTED' } });

/** A connect that the provider refused or that failed at the provider, as a client sees it. */
export const providerFailure = (message: string, kind: 'auth' | 'request' | 'unavailable') =>
  new GraphQLError(message, { extensions: { code: kind === 'unavailable' ? 'PROVIDER_UNAVAILABLE' : 'BAD_USER_INPUT', providerError: kind } });
