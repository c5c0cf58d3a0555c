import { GraphQLError } from 'graphql';

/** No signed-in user: raised by the API's authentication itself, before any service runs. Domain errors (domain/errors.ts) are mapped in error-codes.ts. */
export const unauthenticated = (message = 'Sign in first: send an Authorization: Bearer <token> header') =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
