import { GraphQLError } from 'graphql';

/** Errors raised in the GraphQL layer itself; domain errors are mapped in error-codes.ts. */
export const unauthenticated = (message = 'Sign in first: send an Authorization: Bearer <token> header') =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

export const badInput = (message: string, field?: string, fields?: Array<{ field: string; message: string }>) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}), ...(fields ? { fields } : {}) } });
